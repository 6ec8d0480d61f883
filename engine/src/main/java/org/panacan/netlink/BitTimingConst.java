package org.panacan.netlink;

/**
 * The limits of a controller's bit timing registers ({@code struct can_bittiming_const}), which the kernel uses
 * to compute a timing from a bit rate.
 *
 * @param name     the controller's name, e.g. {@code "mcp251xfd"}
 * @param tseg1Min smallest time segment 1 (propagation + phase 1)
 * @param tseg1Max largest time segment 1
 * @param tseg2Min smallest time segment 2
 * @param tseg2Max largest time segment 2
 * @param sjwMax   largest synchronisation jump width
 * @param brpMin   smallest bit-rate prescaler
 * @param brpMax   largest bit-rate prescaler
 * @param brpInc   prescaler increment
 */
public record BitTimingConst(
    String name, int tseg1Min, int tseg1Max, int tseg2Min, int tseg2Max, int sjwMax, int brpMin, int brpMax,
    int brpInc)
{
}
