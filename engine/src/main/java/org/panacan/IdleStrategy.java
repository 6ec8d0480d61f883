package org.panacan;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * What a polling thread (the receive thread, a {@code Notifier}) does when a round of work found nothing: the
 * trade between latency and CPU. After Agrona's idle strategies.
 *
 * <p>Implementations may keep state, so each thread needs its own instance: pass a factory-made one per thread.
 */
public interface IdleStrategy
{
    /**
     * Called after each round of work.
     *
     * @param workCount what the round did; 0 means idle, anything else resets the strategy
     */
    void idle(int workCount);

    /** Whether this strategy sleeps in the kernel ({@code poll}) until frames arrive instead of spinning. */
    default boolean blocksInKernel()
    {
        return false;
    }

    /** Sleep in the kernel until frames arrive: no CPU while idle, one wake-up per burst. The default. */
    static IdleStrategy blocking()
    {
        return Blocking.INSTANCE;
    }

    /** Spin with {@link Thread#onSpinWait()}: the lowest latency, one core fully used. */
    static IdleStrategy busySpin()
    {
        return workCount -> Thread.onSpinWait();
    }

    /** {@link Thread#yield()} when idle. */
    static IdleStrategy yielding()
    {
        return workCount ->
        {
            if (workCount == 0)
            {
                Thread.yield();
            }
        };
    }

    /** Spin, then yield, then park with exponential back-off from 1 µs up to {@code maxPark}. */
    static IdleStrategy backoff(final Duration maxPark)
    {
        return new Backoff(100, 10, 1_000, maxPark.toNanos());
    }

    /** Park for a fixed period when idle. */
    static IdleStrategy parking(final Duration period)
    {
        final long nanos = period.toNanos();
        return workCount ->
        {
            if (workCount == 0)
            {
                LockSupport.parkNanos(nanos);
            }
        };
    }

    /** Marker for kernel blocking; when used as a plain strategy it parks briefly. */
    final class Blocking implements IdleStrategy
    {
        static final Blocking INSTANCE = new Blocking();

        private Blocking()
        {
        }

        @Override
        public void idle(final int workCount)
        {
            if (workCount == 0)
            {
                LockSupport.parkNanos(100_000);
            }
        }

        @Override
        public boolean blocksInKernel()
        {
            return true;
        }

        @Override
        public String toString()
        {
            return "blocking";
        }
    }

    /** Agrona-style spin → yield → park back-off. */
    final class Backoff implements IdleStrategy
    {
        private final long maxSpins;
        private final long maxYields;
        private final long minParkNanos;
        private final long maxParkNanos;
        private long spins;
        private long yields;
        private long parkNanos;

        public Backoff(final long maxSpins, final long maxYields, final long minParkNanos, final long maxParkNanos)
        {
            this.maxSpins = maxSpins;
            this.maxYields = maxYields;
            this.minParkNanos = minParkNanos;
            this.maxParkNanos = Math.max(minParkNanos, maxParkNanos);
            this.parkNanos = minParkNanos;
        }

        @Override
        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                spins = 0;
                yields = 0;
                parkNanos = minParkNanos;
            }
            else if (spins < maxSpins)
            {
                spins++;
                Thread.onSpinWait();
            }
            else if (yields < maxYields)
            {
                yields++;
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, maxParkNanos);
            }
        }
    }
}
