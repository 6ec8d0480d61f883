package org.panacan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.BusCounters;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.IdleStrategy;
import org.panacan.TimestampMode;

/**
 * The receive side of {@code dump} and {@code record}: one bus per {@link CaptureSpec} (filters and error mask as
 * candump applies them), read until a frame count, an idle timeout or a stop request, each frame handed to a sink
 * with the name of the interface it came from. One interface is read on the calling thread; several are drained
 * in turn, each with its own receive thread keeping the socket empty.
 */
final class Capture implements AutoCloseable
{
    /** Receives each frame; the view is valid for the call only. */
    @FunctionalInterface
    interface Sink
    {
        void accept(FrameView frame, String interfaceName) throws IOException;

        /** After each batch of frames: where output is flushed, so that lines appear as frames arrive. */
        default void endOfBatch() throws IOException
        {
        }
    }

    /** What a capture saw. */
    record Result(long frames, long elapsedNanos, long drops)
    {
        double rate()
        {
            return elapsedNanos == 0 ? 0 : frames * 1e9 / elapsedNanos;
        }
    }

    private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();
    private static final int BATCH = 256;

    private final List<CanBus> buses = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /**
     * Opens a bus per spec.
     *
     * @param allErrors   receive every error class on interfaces whose spec gives no {@code #mask} (dump -e)
     * @param timestamps  which receive timestamps to take
     * @param receiveBuffer {@code SO_RCVBUF} bytes, 0 for the kernel default
     */
    Capture(final List<CaptureSpec> specs, final boolean allErrors, final TimestampMode timestamps,
        final int receiveBuffer) throws CanException
    {
        try
        {
            for (final CaptureSpec spec : specs)
            {
                // the kernel keeps the error class bits of the mask (CAN_ERR_MASK) and ignores the rest
                final int errorMask = spec.errorMask() >= 0 ? (int)spec.errorMask() & BusConfig.ALL_ERRORS
                    : allErrors ? BusConfig.ALL_ERRORS : 0;
                buses.add(Buses.open(spec.interfaceName(), config -> config.filters(spec.filters())
                    .joinFilters(spec.join()).errorMask(errorMask).timestamps(timestamps)
                    .receiveBufferSize(receiveBuffer).ringCapacity(1 << 14).batchSize(BATCH)));
                names.add(BusConfig.ANY_INTERFACE.equals(spec.interfaceName())
                    ? null : Buses.displayName(spec.interfaceName()));
            }
        }
        catch (final CanException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Reads frames until {@code maxFrames} (0: no limit), {@code idleTimeoutNanos} without a frame (0: none), or
     * {@code stop} reports a request.
     */
    Result run(final Sink sink, final long maxFrames, final long idleTimeoutNanos, final ShutdownSignal stop)
        throws IOException
    {
        final long start = System.nanoTime();
        final long[] frames = {0};
        final Handler[] handlers = new Handler[buses.size()];
        for (int i = 0; i < handlers.length; i++)
        {
            handlers[i] = new Handler(sink, buses.get(i), names.get(i), frames);
        }
        long lastFrame = start;
        final IdleStrategy idle = IdleStrategy.backoff(Duration.ofMillis(1));
        try
        {
            if (buses.size() > 1)
            {
                for (final CanBus bus : buses)
                {
                    bus.start();
                }
            }
            while (!stop.isRequested() && (maxFrames == 0 || frames[0] < maxFrames))
            {
                int read = 0;
                if (buses.size() == 1)
                {
                    read = buses.getFirst().poll(handlers[0], limit(maxFrames, frames[0]), POLL_NANOS);
                }
                else
                {
                    for (int i = 0; i < handlers.length && limit(maxFrames, frames[0]) > 0; i++)
                    {
                        read += buses.get(i).drain(handlers[i], limit(maxFrames, frames[0]));
                    }
                    idle.idle(read);
                }
                final long now = System.nanoTime();
                if (read > 0)
                {
                    lastFrame = now;
                    sink.endOfBatch();
                }
                else if (idleTimeoutNanos > 0 && now - lastFrame >= idleTimeoutNanos)
                {
                    break;
                }
            }
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        catch (final BusClosedException ex)
        {
            // closed under us by a shutdown: what was read is the result
        }
        return new Result(frames[0], System.nanoTime() - start, drops());
    }

    private static int limit(final long maxFrames, final long frames)
    {
        return maxFrames == 0 ? BATCH : (int)Math.min(BATCH, maxFrames - frames);
    }

    /** Frames lost in the kernel or the ring, over every bus. */
    long drops()
    {
        long drops = 0;
        for (final CanBus bus : buses)
        {
            final BusCounters counters = bus.counters();
            drops += counters.totalDrops();
        }
        return drops;
    }

    @Override
    public void close()
    {
        for (final CanBus bus : buses)
        {
            bus.close();
        }
    }

    /** Names each frame and counts it. */
    private static final class Handler implements FrameHandler
    {
        private final Sink sink;
        private final CanBus bus;
        private final String name;
        private final long[] frames;

        Handler(final Sink sink, final CanBus bus, final String name, final long[] frames)
        {
            this.sink = sink;
            this.bus = bus;
            this.name = name;
            this.frames = frames;
        }

        @Override
        public void onFrame(final FrameView frame)
        {
            try
            {
                sink.accept(frame, name != null ? name : bus.interfaceName(frame.interfaceIndex()));
                frames[0]++;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
