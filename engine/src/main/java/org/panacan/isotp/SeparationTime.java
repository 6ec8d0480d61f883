package org.panacan.isotp;

import java.time.Duration;

/**
 * The STmin byte of a flow control frame: {@code 0x00..0x7F} are 0..127 ms, {@code 0xF1..0xF9} are 100..900 µs,
 * everything else is reserved. {@link Duration} in the API; the byte only on the wire.
 */
public final class SeparationTime
{
    /** The largest STmin: 127 ms. */
    public static final Duration MAX = Duration.ofMillis(0x7F);

    private static final long MILLI = 1_000_000L;
    private static final long HUNDRED_MICROS = 100_000L;

    private SeparationTime()
    {
    }

    /**
     * The STmin byte for {@code stmin}: whole milliseconds up to 127 ms, or 100 to 900 µs in steps of 100 µs.
     *
     * @throws IllegalArgumentException when the duration has no encoding
     */
    public static int encode(final Duration stmin)
    {
        if (stmin.isNegative() || stmin.compareTo(MAX) > 0)
        {
            throw new IllegalArgumentException("STmin " + stmin + " is outside 0..127 ms");
        }
        final long nanos = stmin.toNanos();
        if (nanos % MILLI == 0)
        {
            return (int)(nanos / MILLI);
        }
        if (nanos % HUNDRED_MICROS == 0 && nanos < MILLI)
        {
            return 0xF0 + (int)(nanos / HUNDRED_MICROS);
        }
        throw new IllegalArgumentException("STmin " + text(stmin) + " cannot be encoded: use whole milliseconds "
            + "(0..127 ms) or 100..900 µs in steps of 100 µs");
    }

    /** Whether {@code code} is a defined STmin byte (not reserved). */
    public static boolean isValid(final int code)
    {
        return (code >= 0 && code <= 0x7F) || (code >= 0xF1 && code <= 0xF9);
    }

    /**
     * The separation a sender keeps for a received STmin byte, in nanoseconds. Reserved values count as the
     * longest, 127 ms, as ISO 15765-2 and the kernel require.
     */
    public static long nanos(final int code)
    {
        final int value = code & 0xFF;
        if (value <= 0x7F)
        {
            return value * MILLI;
        }
        if (value >= 0xF1 && value <= 0xF9)
        {
            return (value - 0xF0) * HUNDRED_MICROS;
        }
        return 0x7F * MILLI;
    }

    /** {@code code} with reserved values replaced by {@code 0x7F}, as a sender must read them. */
    public static int sanitize(final int code)
    {
        return isValid(code & 0xFF) ? code & 0xFF : 0x7F;
    }

    private static String text(final Duration duration)
    {
        final long nanos = duration.toNanos();
        return nanos % MILLI == 0 ? nanos / MILLI + " ms" : nanos / 1_000.0 + " µs";
    }
}
