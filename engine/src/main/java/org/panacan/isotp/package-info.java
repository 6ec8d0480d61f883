/**
 * ISO 15765-2 (ISO-TP) over CAN and CAN FD: one API ({@link org.panacan.isotp.IsoTpChannel}, after the Jumpstarter
 * {@code IsoTpClient} and python-can-isotp's {@code TransportLayer}), one parameter set
 * ({@link org.panacan.isotp.IsoTpParams}), every addressing format ({@link org.panacan.isotp.IsoTpAddress}) and one
 * set of typed failures ({@link org.panacan.isotp.IsoTpException}), over two backends that put identical frames on
 * the wire: Linux's {@code CAN_ISOTP} sockets ({@code isotp.kernel}) and the protocol in pure Java over a raw bus
 * ({@code isotp.java}).
 */
package org.panacan.isotp;
