package org.panacan.benchmarks.kernel;

import static org.panacan.benchmarks.BenchFrames.ID;
import static org.panacan.benchmarks.BenchFrames.PAYLOAD;
import static org.panacan.benchmarks.BenchFrames.TIMEOUT_NANOS;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameBatch;
import org.panacan.FrameHandler;
import org.panacan.FrameView;

/**
 * Bytes allocated per frame on the hot paths, counted by the JVM for the one thread that runs them
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): unlike JMH's {@code -prof gc}, which
 * divides everything every thread of the fork allocated (JMH's own bookkeeping, setup methods, other threads) by the
 * operations, this isolates the library's calls. Each path runs for the warm-up time, then its frames are counted.
 *
 * <p>Paths: {@code send(id, flags, byte[])}, {@code send(FrameBatch)} (sendmmsg), {@code drain} of queued frames
 * (recvmmsg into the ring, flyweight per frame), and the ping-pong step {@code send} then {@code poll(timeout)}.
 * Prints one {@code RESULT name=panacan-alloc-PATH bytes_per_frame=… frames=…} line per path.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar org.panacan.benchmarks.kernel.AllocationProbe
 * [warm-up seconds] [frames per path]}
 */
public final class AllocationProbe
{
    private static final int BATCH = 64;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** One hot path: moves {@code BATCH} frames per call and returns how many it moved. */
    private interface Path
    {
        int run() throws CanException;
    }

    private long checksum;
    private final FrameHandler consume = this::consume;

    private void consume(final FrameView frame)
    {
        checksum += frame.id() + frame.dataInt(0) + frame.timestampNanos();
    }

    public static void main(final String[] args) throws Exception
    {
        final long warmUpNanos = TimeUnit.SECONDS.toNanos(args.length > 0 ? Long.parseLong(args[0]) : 20);
        final long frames = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        new AllocationProbe().run(warmUpNanos, frames);
    }

    private void run(final long warmUpNanos, final long frames) throws Exception
    {
        try (CanBus sender = Buses.sender();
            CanBus receiver = Buses.open(b -> b.receiveBufferSize(Buses.RECEIVE_BUFFER).ringCapacity(4096)))
        {
            final FrameBatch batch = Buses.batch(sender, BATCH);
            measure("send", warmUpNanos, frames, () ->
            {
                for (int i = 0; i < BATCH; i++)
                {
                    sender.send(ID, 0, PAYLOAD, 0, PAYLOAD.length, TIMEOUT_NANOS);
                }
                return BATCH;
            });
            receiver.drain(consume, Integer.MAX_VALUE);
            measure("send-batch", warmUpNanos, frames, () -> sender.send(batch, TIMEOUT_NANOS));
            drainAll(receiver);
            measure("drain", warmUpNanos, frames, () ->
            {
                Buses.fill(sender, batch, BATCH);
                return drain(receiver, BATCH);
            });
            measure("send-poll", warmUpNanos, frames, () ->
            {
                sender.send(ID, 0, PAYLOAD, 0, PAYLOAD.length, TIMEOUT_NANOS);
                if (receiver.poll(consume, 1, TIMEOUT_NANOS) != 1)
                {
                    throw new IllegalStateException("no frame within 2 s");
                }
                return 1;
            });
            System.out.println("checksum " + checksum + ", " + receiver.counters());
        }
    }

    private int drain(final CanBus receiver, final int count) throws CanException
    {
        int received = 0;
        while (received < count)
        {
            final int polled = receiver.poll(consume, count - received, TIMEOUT_NANOS);
            if (polled == 0)
            {
                throw new IllegalStateException("only " + received + " of " + count + " frames came");
            }
            received += polled;
        }
        return received;
    }

    private void drainAll(final CanBus receiver) throws CanException
    {
        while (receiver.poll(consume, Integer.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(200)) > 0)
        {
            // the sends of the send paths, which nobody read
        }
    }

    private static void measure(final String name, final long warmUpNanos, final long frames, final Path path)
        throws CanException
    {
        final long warmUpEnd = System.nanoTime() + warmUpNanos;
        while (System.nanoTime() - warmUpEnd < 0)
        {
            path.run();
        }
        long moved = 0;
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        while (moved < frames)
        {
            moved += path.run();
        }
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("RESULT name=panacan-alloc-%s bytes_per_frame=%.4f bytes=%d frames=%d%n", name,
            (double)allocated / moved, allocated, moved);
    }
}
