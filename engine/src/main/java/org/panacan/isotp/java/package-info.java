/**
 * The pure-Java ISO-TP backend: the protocol of Linux's {@code net/can/isotp.c}, rule by rule, as allocation-free
 * state machines ({@code IsoTpReassembler}, {@code IsoTpSegmenter}, {@code IsoTpProtocol}) driven by one protocol
 * thread per channel from the receive ring of a raw bus the channel opens for itself.
 */
package org.panacan.isotp.java;
