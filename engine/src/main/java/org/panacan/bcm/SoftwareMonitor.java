package org.panacan.bcm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.sys.LoopThread;

/**
 * The virtual bus's stand-in for the kernel's receive ops: a bus of its own on the same virtual channel (it sees
 * what the kernel's BCM would: every frame of the channel, the owner's own frames when the owner loops back), read
 * by one thread that runs every {@link SoftwareWatch}'s filter and timers.
 *
 * <p>The thread waits for frames at most {@value #MAX_WAIT_NANOS} ns at a time, so that a watch added meanwhile has
 * its timers served within a millisecond; the watch list is copy-on-write (release on change, acquire per round).
 * The thread is a {@link LoopThread} whose wake-up closes the tap, which ends a poll in progress.
 */
final class SoftwareMonitor implements AutoCloseable, FrameHandler
{
    private static final long MAX_WAIT_NANOS = 1_000_000L;
    private static final int BATCH = 64;
    private static final SoftwareWatch[] NO_WATCHES = new SoftwareWatch[0];

    private final CanBus owner;
    private final CanBus tap;
    private final LoopThread thread;
    private SoftwareWatch[] watches = NO_WATCHES;

    SoftwareMonitor(final CanBus owner, final BusConfig config) throws CanException
    {
        this.owner = owner;
        this.tap = CanBus.open(BusConfig.virtual(config.channel()).fd(config.fd()).localLoopback(false)
            .receiveOwnMessages(false).errorMask(0).ringCapacity(config.ringCapacity()).build());
        this.thread = new LoopThread("panacan-monitor-" + config.channel(), this::run, ignored -> tap.close());
        thread.start();
    }

    /** The bus whose watches this monitor keeps (RTR replies go out on it). */
    CanBus owner()
    {
        return owner;
    }

    synchronized void add(final SoftwareWatch watch)
    {
        final SoftwareWatch[] grown = Arrays.copyOf(watches, watches.length + 1);
        grown[watches.length] = watch;
        WATCHES.setRelease(this, grown);
    }

    synchronized void remove(final SoftwareWatch watch)
    {
        final SoftwareWatch[] current = watches;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == watch)
            {
                final SoftwareWatch[] shrunk = new SoftwareWatch[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                WATCHES.setRelease(this, shrunk);
                return;
            }
        }
    }

    boolean isMonitorThread()
    {
        return thread.isCurrent();
    }

    private void run()
    {
        try
        {
            while (thread.isRunning())
            {
                final long now = System.nanoTime();
                long wait = MAX_WAIT_NANOS;
                for (final SoftwareWatch watch : (SoftwareWatch[])WATCHES.getAcquire(this))
                {
                    wait = Math.min(wait, watch.nextDeadline(now) - now);
                }
                // frames first, then timers: a frame that came before a deadline must re-arm it, not follow a
                // TIMEOUT (the monitor thread may have been descheduled past both)
                if (tap.poll(this, BATCH, Math.max(0, wait)) == BATCH)
                {
                    while (tap.drain(this, BATCH) == BATCH)
                    {
                        Thread.onSpinWait();
                    }
                }
                final long after = System.nanoTime();
                for (final SoftwareWatch watch : (SoftwareWatch[])WATCHES.getAcquire(this))
                {
                    watch.onTime(after);
                }
            }
        }
        catch (final BusClosedException closing)
        {
            // the owner is closing: the tap closed under the poll
        }
        catch (final CanException | RuntimeException | Error ex)
        {
            PeriodicTaskBase.uncaught(ex);
        }
    }

    @Override
    public void onFrame(final FrameView frame)
    {
        final long arrival = System.nanoTime();
        // the current list, not the round's: a watch added while the poll waited sees the frames that follow
        for (final SoftwareWatch watch : (SoftwareWatch[])WATCHES.getAcquire(this))
        {
            watch.onFrame(frame, arrival);
        }
    }

    /** Closes the tap, which ends the thread's poll, and waits for the thread unless called on it. */
    @Override
    public void close()
    {
        thread.stopAndJoin();
    }

    private static final VarHandle WATCHES;

    static
    {
        try
        {
            WATCHES = MethodHandles.lookup().findVarHandle(SoftwareMonitor.class, "watches", SoftwareWatch[].class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
