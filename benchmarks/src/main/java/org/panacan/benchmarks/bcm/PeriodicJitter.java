package org.panacan.benchmarks.bcm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.CanFrame;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.TimestampMode;
import org.panacan.bcm.PeriodicOptions;
import org.panacan.bcm.PeriodicTask;

/**
 * How evenly a 1 ms periodic frame goes out, four ways, in one JVM: the kernel's Broadcast Manager (a
 * {@code sendPeriodic} task), panacan's software scheduler (park then spin on absolute deadlines), a
 * {@link ScheduledExecutorService} at a fixed rate, and a Java thread busy-spinning on absolute deadlines. Each
 * sends the same frame (its own id) on one socket; a second socket receives them with kernel timestamps
 * ({@code SO_TIMESTAMPNS}), and the error of every interval, |Δt − period|, goes into an HdrHistogram.
 *
 * <p>Run (VM or a machine with vcan0): {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * org.panacan.benchmarks.bcm.PeriodicJitter [interface] [seconds per sender] [period µs[,period µs …]]}
 * (defaults: vcan0, 10, 1000). The first two seconds of each sender are warm-up and not recorded.
 */
public final class PeriodicJitter
{
    private static final int BASE_ID = 0x5A0;
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** One way of sending the frame periodically. */
    private interface Sender
    {
        AutoCloseable start(CanBus bus, CanFrame frame, long periodNanos) throws Exception;
    }

    private final String interfaceName;
    private final long periodNanos;
    private final long measureNanos;

    private PeriodicJitter(final String interfaceName, final long periodNanos, final long measureNanos)
    {
        this.interfaceName = interfaceName;
        this.periodNanos = periodNanos;
        this.measureNanos = measureNanos;
    }

    public static void main(final String[] args) throws Exception
    {
        final String name = args.length > 0 ? args[0] : "vcan0";
        final long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        final String periods = args.length > 2 ? args[2] : "1000";
        for (final String periodMicros : periods.split(","))
        {
            new PeriodicJitter(name, Long.parseLong(periodMicros.trim()) * 1_000, TimeUnit.SECONDS.toNanos(seconds))
                .run();
        }
    }

    private void run() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        lines.add(String.format("%-34s %8s %10s %9s %9s %9s %9s", "sender (" + periodNanos / 1000 + " µs period)",
            "frames", "mean µs", "p50 µs", "p99 µs", "p99.9 µs", "max µs"));
        lines.add(measure("kernel BCM (sendPeriodic)", 0, PeriodicJitter::bcm));
        lines.add(measure("panacan software scheduler", 1, PeriodicJitter::software));
        lines.add(measure("ScheduledExecutorService", 2, PeriodicJitter::executor));
        lines.add(measure("busy-spinning Java thread", 3, PeriodicJitter::spinner));
        System.out.println();
        System.out.println("interval error |Δt − period|, from kernel receive timestamps on a second socket:");
        lines.forEach(System.out::println);
    }

    private String measure(final String label, final int index, final Sender sender) throws Exception
    {
        final int id = BASE_ID + index;
        final IntervalRecorder recorder = new IntervalRecorder(id, periodNanos);
        try (CanBus transmitter = CanBus.open(BusConfig.socketCan(interfaceName)
                .filters(CanFilter.standard(0x7FF, 0x7FF)).errorMask(0).timestamps(TimestampMode.NONE).build());
            CanBus receiver = CanBus.open(BusConfig.socketCan(interfaceName).filters(CanFilter.standard(id, 0x7FF))
                .errorMask(0).timestamps(TimestampMode.SOFTWARE).receiveBufferSize(4 << 20).build()))
        {
            final Thread reader = Thread.ofPlatform().name("jitter-rx").start(() -> recorder.drain(receiver));
            try (AutoCloseable running = sender.start(transmitter, CanFrame.of(id, PAYLOAD), periodNanos))
            {
                LockSupport.parkNanos(WARM_UP_NANOS); // JIT, caches and timers settle
                recorder.begin();
                LockSupport.parkNanos(measureNanos);
                recorder.end();
            }
            receiver.close(); // ends the reader's poll
            reader.join();
        }
        final Histogram errors = recorder.errors();
        System.out.printf("%s: %d intervals%n", label, errors.getTotalCount());
        return String.format("%-34s %8d %10.1f %9.1f %9.1f %9.1f %9.1f", label, errors.getTotalCount(),
            recorder.meanIntervalMicros(), errors.getValueAtPercentile(50) / 1000.0,
            errors.getValueAtPercentile(99) / 1000.0, errors.getValueAtPercentile(99.9) / 1000.0,
            errors.getMaxValue() / 1000.0);
    }

    // ------------------------------------------------------------------------------------------------ senders

    private static AutoCloseable bcm(final CanBus bus, final CanFrame frame, final long periodNanos)
        throws CanException
    {
        final PeriodicTask task = bus.sendPeriodic(frame, Duration.ofNanos(periodNanos));
        return task::stop;
    }

    private static AutoCloseable software(final CanBus bus, final CanFrame frame, final long periodNanos)
        throws CanException
    {
        final PeriodicTask task = bus.sendPeriodic(List.of(frame), Duration.ofNanos(periodNanos),
            PeriodicOptions.defaults().softwareScheduled(true));
        return task::stop;
    }

    private static AutoCloseable executor(final CanBus bus, final CanFrame frame, final long periodNanos)
    {
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        final Duration timeout = Duration.ofNanos(periodNanos);
        final ScheduledFuture<?> future = executor.scheduleAtFixedRate(() ->
        {
            try
            {
                bus.send(frame, timeout);
            }
            catch (final CanException ex)
            {
                throw new IllegalStateException(ex);
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        return () ->
        {
            future.cancel(false);
            executor.shutdown();
            executor.awaitTermination(1, TimeUnit.SECONDS);
        };
    }

    private static AutoCloseable spinner(final CanBus bus, final CanFrame frame, final long periodNanos)
    {
        final boolean[] running = {true};
        final Duration timeout = Duration.ofNanos(periodNanos);
        final Thread thread = Thread.ofPlatform().name("jitter-spin").start(() ->
        {
            long deadline = System.nanoTime();
            while (running[0])
            {
                while (System.nanoTime() - deadline < 0)
                {
                    Thread.onSpinWait();
                }
                try
                {
                    bus.send(frame, timeout);
                }
                catch (final CanException ex)
                {
                    throw new IllegalStateException(ex);
                }
                deadline += periodNanos;
            }
        });
        return () ->
        {
            running[0] = false;
            thread.join();
        };
    }

    /**
     * The receive side: drains the receiver on its own thread and records, between {@link #begin()} and
     * {@link #end()}, the error of every interval between two consecutive kernel receive stamps. Allocation-free per
     * frame; the recording window is handed over through volatile flags.
     */
    private static final class IntervalRecorder
    {
        private final int id;
        private final long periodNanos;
        private static final long READ_INTERVAL_NANOS = 20_000_000L;

        private final Histogram errors = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        private volatile boolean recording;
        private volatile boolean done;
        private long previous;
        private long first;
        private long last;
        private long intervals;

        IntervalRecorder(final int id, final long periodNanos)
        {
            this.id = id;
            this.periodNanos = periodNanos;
        }

        void begin()
        {
            recording = true;
        }

        void end()
        {
            recording = false;
            done = true;
        }

        /**
         * Reads every 20 ms, not per frame: the stamps are the kernel's, so reading late changes nothing, and a
         * receiver that wakes 1000 times a second would compete with the senders for the CPU.
         */
        void drain(final CanBus receiver)
        {
            final FrameHandler handler = this::onFrame;
            try
            {
                while (!done)
                {
                    LockSupport.parkNanos(READ_INTERVAL_NANOS);
                    while (receiver.drain(handler, 4096) > 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            catch (final CanException closed)
            {
                // the receiver closed after the measurement
            }
        }

        private void onFrame(final FrameView frame)
        {
            if (frame.id() != id)
            {
                return;
            }
            final long stamp = frame.timestampNanos();
            if (recording && previous != 0)
            {
                if (intervals == 0)
                {
                    first = previous;
                }
                errors.recordValue(Math.min(Math.abs(stamp - previous - periodNanos),
                    errors.getHighestTrackableValue()));
                intervals++;
                last = stamp;
            }
            previous = stamp;
        }

        Histogram errors()
        {
            return errors;
        }

        double meanIntervalMicros()
        {
            return intervals == 0 ? 0 : (last - first) / (double)intervals / 1000.0;
        }
    }
}
