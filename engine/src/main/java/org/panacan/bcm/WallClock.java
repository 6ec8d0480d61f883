package org.panacan.bcm;

import java.time.Instant;

/**
 * Nanoseconds since the epoch without allocating: the epoch time at class load plus the monotonic clock since.
 * For events the kernel does not stamp, and for the software scheduler's events.
 */
final class WallClock
{
    private static final long EPOCH_NANOS_AT_START;
    private static final long NANO_TIME_AT_START;

    static
    {
        final Instant now = Instant.now();
        NANO_TIME_AT_START = System.nanoTime();
        EPOCH_NANOS_AT_START = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private WallClock()
    {
    }

    static long epochNanos()
    {
        return EPOCH_NANOS_AT_START + (System.nanoTime() - NANO_TIME_AT_START);
    }
}
