package org.panacan.log;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a log is replayed (canplayer's options).
 *
 * @param speed         1 keeps the original timing, 2 replays twice as fast, 0.5 at half speed;
 *                      {@link Double#POSITIVE_INFINITY} sends as fast as possible (canplayer {@code -t})
 * @param loops         how many times the log is replayed; {@link #FOREVER} until stopped (canplayer {@code -l i})
 * @param interfaceMap  log interface to target interface ({@code can0 -> vcan2}, canplayer's {@code vcan2=can0});
 *                      empty sends each frame to the interface it was logged on, otherwise frames of interfaces
 *                      not in the map are skipped, as canplayer does
 * @param maxGap        a pause longer than this in the log is skipped (canplayer {@code -s}); {@link Duration#ZERO}
 *                      keeps every pause
 * @param spinThreshold how long before a deadline the replayer stops parking and spins on the clock
 */
public record ReplayOptions(
    double speed, int loops, Map<String, String> interfaceMap, Duration maxGap, Duration spinThreshold)
{
    /** Loop until stopped. */
    public static final int FOREVER = 0;
    /** Original timing, once, on the logged interfaces, no gap skipping, 200 µs of spinning per deadline. */
    public static final ReplayOptions DEFAULT =
        new ReplayOptions(1.0, 1, Map.of(), Duration.ZERO, Duration.ofNanos(200_000));

    public ReplayOptions
    {
        if (!(speed > 0))
        {
            throw new IllegalArgumentException("replay speed " + speed + " must be positive");
        }
        if (loops < 0)
        {
            throw new IllegalArgumentException("loops " + loops + " is negative (0 loops forever)");
        }
        interfaceMap = Map.copyOf(interfaceMap);
        Objects.requireNonNull(maxGap, "maxGap");
        Objects.requireNonNull(spinThreshold, "spinThreshold");
        if (maxGap.isNegative() || spinThreshold.isNegative())
        {
            throw new IllegalArgumentException("maxGap and spinThreshold must not be negative");
        }
    }

    public ReplayOptions withSpeed(final double speed)
    {
        return new ReplayOptions(speed, loops, interfaceMap, maxGap, spinThreshold);
    }

    public ReplayOptions withLoops(final int loops)
    {
        return new ReplayOptions(speed, loops, interfaceMap, maxGap, spinThreshold);
    }

    public ReplayOptions withInterfaceMap(final Map<String, String> interfaceMap)
    {
        return new ReplayOptions(speed, loops, interfaceMap, maxGap, spinThreshold);
    }

    public ReplayOptions withMaxGap(final Duration maxGap)
    {
        return new ReplayOptions(speed, loops, interfaceMap, maxGap, spinThreshold);
    }

    public ReplayOptions withSpinThreshold(final Duration spinThreshold)
    {
        return new ReplayOptions(speed, loops, interfaceMap, maxGap, spinThreshold);
    }

    /** The interface to send a frame logged on {@code logInterface} to, or {@code null} to skip it. */
    public String targetOf(final String logInterface)
    {
        return interfaceMap.isEmpty() ? logInterface : interfaceMap.get(logInterface);
    }
}
