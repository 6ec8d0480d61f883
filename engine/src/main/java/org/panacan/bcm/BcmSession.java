package org.panacan.bcm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFrame;

/**
 * Everything one bus does through the Broadcast Manager: its periodic tasks and its watches. Owned by the bus
 * ({@code SocketCanBus}, {@code VirtualBus}), which delegates {@code sendPeriodic}, {@code stopAllPeriodicTasks} and
 * {@code watch} here and closes the session first when it closes. Not for applications: use {@link CanBus}.
 *
 * <p>Resources come on first use and go with the bus: on SocketCAN the BCM socket and its thread (kernel tasks and
 * watches), the software scheduler's thread (tasks with a modifier, or asked to be software scheduled); on the
 * virtual bus the software scheduler and the software monitor, which keeps watches on a bus of its own on the same
 * channel.
 *
 * <p>Lock order: task, then session. The session never holds its lock while it waits for a thread to end, so an
 * event listener may call back into the bus.
 */
public final class BcmSession implements AutoCloseable
{
    private final CanBus bus;
    private final BusConfig config;
    private final String busName;
    private final int interfaceIndex;
    private final boolean kernel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<PeriodicTaskBase> tasks = new LinkedHashSet<>();
    private final OpTable<WatchBase> watches = new OpTable<>();
    private BcmSocket socket;
    private SoftwareScheduler scheduler;
    private SoftwareMonitor monitor;
    private boolean closed;

    private BcmSession(final CanBus bus, final BusConfig config, final int interfaceIndex, final boolean kernel)
    {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.config = config;
        this.busName = config.channel();
        this.interfaceIndex = interfaceIndex;
        this.kernel = kernel;
    }

    /** The session of a SocketCAN bus bound to {@code interfaceIndex} (0: every interface). */
    public static BcmSession socketCan(final CanBus bus, final BusConfig config, final int interfaceIndex)
    {
        return new BcmSession(bus, config, interfaceIndex, true);
    }

    /** The session of a virtual bus: everything in software. */
    public static BcmSession virtual(final CanBus bus, final BusConfig config)
    {
        return new BcmSession(bus, config, 0, false);
    }

    // --------------------------------------------------------------------------------------------- periodic

    /** {@link CanBus#sendPeriodic}: checks everything, then starts the task. */
    public PeriodicTask sendPeriodic(final List<CanFrame> frames, final Duration period,
        final PeriodicOptions options) throws CanException
    {
        final PeriodicPlan plan = PeriodicPlan.of(frames, period, options, config.fd(), busName);
        final boolean software = !kernel || options.softwareScheduled();
        if (!software && interfaceIndex == 0)
        {
            throw new IllegalArgumentException("periodic tasks need a bus bound to one interface, not '"
                + busName + "' (the Broadcast Manager sends on one device)");
        }
        final PeriodicTaskBase task;
        lock.lock();
        try
        {
            ensureOpen();
            task = software
                ? new SoftwarePeriodicTask(this, plan, options, scheduler(), bus)
                : new KernelPeriodicTask(this, plan, options, socket());
        }
        finally
        {
            lock.unlock();
        }
        task.start();
        return task;
    }

    /** {@link CanBus#stopAllPeriodicTasks}. */
    public void stopAll() throws CanException
    {
        CanException failure = null;
        for (final PeriodicTaskBase task : runningTasks())
        {
            try
            {
                task.stop();
            }
            catch (final CanException ex)
            {
                failure = failure == null ? ex : failure;
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    private List<PeriodicTaskBase> runningTasks()
    {
        lock.lock();
        try
        {
            return new ArrayList<>(tasks);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** A task started; it ends with the bus from now on. Called under the task's lock. */
    void register(final PeriodicTaskBase task) throws BusClosedException
    {
        lock.lock();
        try
        {
            ensureOpen();
            tasks.add(task);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** A task stopped or ended. Called under the task's lock. */
    void unregister(final PeriodicTaskBase task)
    {
        lock.lock();
        try
        {
            tasks.remove(task);
        }
        finally
        {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------- watch

    /** {@link CanBus#watch}: checks everything, then subscribes. */
    public Watch watch(final int id, final WatchOptions options, final WatchListener listener) throws CanException
    {
        Objects.requireNonNull(options, "options");
        options.check(id, config.fd(), busName);
        final WatchBase watch;
        lock.lock();
        try
        {
            ensureOpen();
            watch = kernel
                ? new KernelWatch(this, id, options, listener, socket())
                : new SoftwareWatch(this, id, options, listener, monitor());
            final WatchBase existing = watches.putIfAbsent(watch.key, watch);
            if (existing != null)
            {
                throw new IllegalStateException(String.format("0x%X is watched on bus '%s' already (%s); unwatch() "
                    + "that watch first", id, busName, existing.options));
            }
        }
        finally
        {
            lock.unlock();
        }
        try
        {
            if (watch instanceof KernelWatch kernelWatch)
            {
                kernelWatch.start();
            }
            else
            {
                ((SoftwareWatch)watch).start();
            }
        }
        catch (final CanException | RuntimeException | Error ex)
        {
            watch.deactivate();
            forget(watch);
            throw ex;
        }
        return watch;
    }

    /** A watch ended. */
    void forget(final WatchBase watch)
    {
        watches.remove(watch.key, watch);
    }

    // -------------------------------------------------------------------------------------------------- shared

    String busName()
    {
        return busName;
    }

    boolean fdAllowed()
    {
        return config.fd();
    }

    /** The BCM socket, opened on first use. Session lock held. */
    private BcmSocket socket() throws CanException
    {
        if (socket == null)
        {
            socket = new BcmSocket(busName, interfaceIndex, watches);
        }
        return socket;
    }

    /** The software scheduler, started on first use. Session lock held. */
    private SoftwareScheduler scheduler()
    {
        if (scheduler == null)
        {
            scheduler = new SoftwareScheduler(busName);
        }
        return scheduler;
    }

    /** The software monitor, started on first use. Session lock held. */
    private SoftwareMonitor monitor() throws CanException
    {
        if (monitor == null)
        {
            monitor = new SoftwareMonitor(bus, config);
        }
        return monitor;
    }

    private void ensureOpen() throws BusClosedException
    {
        if (closed)
        {
            throw new BusClosedException("bus '" + busName + "'");
        }
    }

    /**
     * Ends every task and watch and frees the socket and threads. Called by the bus before it closes itself; safe
     * from an event thread (a listener that closes the bus). Idempotent.
     */
    @Override
    public void close()
    {
        final List<PeriodicTaskBase> ending;
        final BcmSocket closingSocket;
        final SoftwareScheduler closingScheduler;
        final SoftwareMonitor closingMonitor;
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            ending = new ArrayList<>(tasks);
            tasks.clear();
            closingSocket = socket;
            closingScheduler = scheduler;
            closingMonitor = monitor;
        }
        finally
        {
            lock.unlock();
        }
        for (final PeriodicTaskBase task : ending)
        {
            task.closeWithBus();
        }
        for (final Object watch : watches.values())
        {
            ((WatchBase)watch).deactivate();
            forget((WatchBase)watch);
        }
        if (closingSocket != null)
        {
            closingSocket.close();
        }
        if (closingScheduler != null)
        {
            closingScheduler.close();
        }
        if (closingMonitor != null)
        {
            closingMonitor.close();
        }
    }
}
