/**
 * The kernel ISO-TP backend: {@code CAN_ISOTP} sockets configured from {@link org.panacan.isotp.IsoTpParams}, a
 * sender thread per socket set for {@code CAN_ISOTP_WAIT_TX_DONE} writes, kernel errno values mapped to
 * {@link org.panacan.isotp.IsoTpError}s. System calls go through {@code org.panacan.sys}.
 */
package org.panacan.isotp.kernel;
