package org.panacan.log;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.Dlc;
import org.panacan.FrameFlags;

/**
 * Replays a frame log in time (canplayer): each frame goes out at the absolute deadline {@link ReplayTimeline}
 * computes from the log's timestamps, scaled by the speed, as many loops as asked, with interfaces remapped.
 *
 * <p>Waiting for a deadline parks the thread until shortly before it ({@link ReplayOptions#spinThreshold()}), then
 * spins on {@link System#nanoTime()}: parking alone overshoots by tens of microseconds, sleeping per frame drifts.
 * The log is streamed, never loaded whole; each loop reopens it.
 *
 * <p>Threads: {@link #run()} runs on the caller's thread; {@link #stop()} may come from any thread (a shutdown hook)
 * and is seen by the runner between frames and while it waits: {@code stopped} is written with release and read
 * with acquire, and the runner is unparked. {@link #framesSent()} is an opaque read for progress displays.
 */
public final class LogReplayer
{
    /** Opens the log, once per loop. */
    @FunctionalInterface
    public interface Source
    {
        FrameLogReader open() throws IOException;
    }

    /** Sends a replayed frame on the named target interface. */
    @FunctionalInterface
    public interface Target
    {
        void send(LoggedFrame frame, String interfaceName) throws IOException;
    }

    /** The bus to send frames for an interface on (opened on first use, say). */
    @FunctionalInterface
    public interface BusLookup
    {
        CanBus busFor(String interfaceName) throws CanException;
    }

    private final Source source;
    private final Target target;
    private final ReplayOptions options;
    private Thread runner;
    private boolean stopped;
    private long framesSent;

    public LogReplayer(final Source source, final Target target, final ReplayOptions options)
    {
        this.source = source;
        this.target = target;
        this.options = options;
    }

    /**
     * A target that sends through the bus {@code busOf} gives for each interface name, without allocating
     * (except for the rare classic frame with a raw DLC).
     *
     * @param timeoutNanos how long each send retries a full transmit queue
     */
    public static Target toBuses(final BusLookup busOf, final long timeoutNanos)
    {
        final byte[] payload = new byte[Dlc.MAX_FD_LENGTH];
        return (frame, interfaceName) ->
        {
            final CanBus bus = busOf.busFor(interfaceName);
            if (frame.len8Dlc() != 0)
            {
                bus.send(frame.toFrame(), java.time.Duration.ofNanos(timeoutNanos));
                return;
            }
            frame.copyData(payload, 0);
            bus.send(frame.id(), frame.flags() & FrameFlags.WIRE_MASK, payload, 0, frame.length(), timeoutNanos);
        };
    }

    /** Replays on this thread until the last loop ends or {@link #stop()} is called. */
    public ReplayResult run() throws IOException
    {
        RUNNER.setRelease(this, Thread.currentThread());
        final ReplayTimeline timeline =
            new ReplayTimeline(options.speed(), options.maxGap().toNanos());
        final long spinNanos = options.spinThreshold().toNanos();
        long skipped = 0;
        long maxLateness = 0;
        int loops = 0;
        while (!isStopped() && (options.loops() == ReplayOptions.FOREVER || loops < options.loops()))
        {
            timeline.nextLoop();
            long sentThisLoop = 0;
            try (FrameLogReader reader = source.open())
            {
                LoggedFrame frame;
                while (!isStopped() && (frame = reader.next()) != null)
                {
                    final String interfaceName = options.targetOf(frame.interfaceName());
                    if (interfaceName == null)
                    {
                        skipped++;
                        continue;
                    }
                    final long deadline = timeline.deadline(frame.timestampNanos(), System.nanoTime());
                    if (!awaitDeadline(deadline, spinNanos))
                    {
                        break;
                    }
                    target.send(frame, interfaceName);
                    maxLateness = Math.max(maxLateness, System.nanoTime() - deadline); // when it had gone out
                    sentThisLoop++;
                    FRAMES_SENT.setOpaque(this, framesSent + 1);
                }
            }
            if (isStopped())
            {
                break;
            }
            loops++;
            if (sentThisLoop == 0 && skipped == 0 && options.loops() == ReplayOptions.FOREVER)
            {
                break; // an empty log would loop forever without doing anything
            }
        }
        return new ReplayResult(framesSent(), skipped, loops, maxLateness, isStopped());
    }

    /** Waits for {@code deadline}: parks until {@code spinNanos} before it, then spins. False when stopped. */
    private boolean awaitDeadline(final long deadline, final long spinNanos)
    {
        while (true)
        {
            if (isStopped())
            {
                return false;
            }
            final long remaining = deadline - System.nanoTime();
            if (remaining <= 0)
            {
                return true;
            }
            if (remaining > spinNanos)
            {
                LockSupport.parkNanos(this, remaining - spinNanos);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /** Ends the replay from any thread; {@link #run()} returns after the frame in flight. Idempotent. */
    public void stop()
    {
        STOPPED.setRelease(this, true);
        final Thread thread = (Thread)RUNNER.getAcquire(this);
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    public boolean isStopped()
    {
        return (boolean)STOPPED.getAcquire(this);
    }

    /** Frames sent so far (for progress displays while {@link #run()} runs). */
    public long framesSent()
    {
        return (long)FRAMES_SENT.getOpaque(this);
    }

    private static final VarHandle RUNNER;
    private static final VarHandle STOPPED;
    private static final VarHandle FRAMES_SENT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUNNER = lookup.findVarHandle(LogReplayer.class, "runner", Thread.class);
            STOPPED = lookup.findVarHandle(LogReplayer.class, "stopped", boolean.class);
            FRAMES_SENT = lookup.findVarHandle(LogReplayer.class, "framesSent", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
