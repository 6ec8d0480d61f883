package org.panacan.bcm;

import java.time.Duration;
import java.util.Objects;

import org.panacan.sys.BcmMessage;

/** The intervals a BCM timer can hold: whole microseconds, more than zero, at most 400 days. */
final class Intervals
{
    static final long MAX_MICROS = BcmMessage.MAX_INTERVAL_SECONDS * 1_000_000L;

    private Intervals()
    {
    }

    /**
     * Checks {@code interval} and returns it in microseconds.
     *
     * @param what names the interval in the message ({@code "period"}, {@code "timeout"} …)
     */
    static long checkMicros(final Duration interval, final String what)
    {
        Objects.requireNonNull(interval, what);
        if (interval.isNegative() || interval.isZero())
        {
            throw new IllegalArgumentException(what + " " + interval + " must be positive");
        }
        if (interval.getSeconds() > BcmMessage.MAX_INTERVAL_SECONDS
            || (interval.getSeconds() == BcmMessage.MAX_INTERVAL_SECONDS && interval.getNano() > 0))
        {
            throw new IllegalArgumentException(what + " " + interval + " exceeds the 400 days a BCM timer can hold");
        }
        if (interval.getNano() % 1_000 != 0)
        {
            throw new IllegalArgumentException(what + " " + interval + " is not a whole number of microseconds, "
                + "the resolution of BCM timers");
        }
        return interval.getSeconds() * 1_000_000L + interval.getNano() / 1_000;
    }
}
