package org.panacan.netlink;

/**
 * A controller's bit timing ({@code struct can_bittiming}): as the kernel reports it after computing it from a bit
 * rate, or as given segment by segment ({@link #segments}).
 *
 * @param bitrate     bits per second
 * @param samplePoint sample point in tenths of a percent (875 is 87.5 %), as the kernel counts it
 * @param tq          time quantum in nanoseconds
 * @param propSeg     propagation segment in time quanta
 * @param phaseSeg1   phase buffer segment 1 in time quanta
 * @param phaseSeg2   phase buffer segment 2 in time quanta
 * @param sjw         synchronisation jump width in time quanta
 * @param brp         bit-rate prescaler
 */
public record BitTiming(
    int bitrate, int samplePoint, int tq, int propSeg, int phaseSeg1, int phaseSeg2, int sjw, int brp)
{
    /**
     * The timing {@code ip link set can0 type can tq 125 prop-seg 6 phase-seg1 7 phase-seg2 2 sjw 1} asks for: the
     * kernel derives the bit rate and sample point.
     */
    public static BitTiming segments(
        final int tq, final int propSeg, final int phaseSeg1, final int phaseSeg2, final int sjw)
    {
        if (tq <= 0 || propSeg <= 0 || phaseSeg1 <= 0 || phaseSeg2 <= 0 || sjw < 0)
        {
            throw new IllegalArgumentException("bit timing segments must be positive: tq " + tq + ", prop-seg "
                + propSeg + ", phase-seg1 " + phaseSeg1 + ", phase-seg2 " + phaseSeg2 + ", sjw " + sjw);
        }
        return new BitTiming(0, 0, tq, propSeg, phaseSeg1, phaseSeg2, sjw, 0);
    }

    /** The sample point as a fraction of the bit time (0.875). */
    public double samplePointRatio()
    {
        return samplePoint / 1000.0;
    }
}
