package org.panacan.notify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.IdleStrategy;
import org.panacan.sys.LoopThread;

/**
 * python-can's {@code Notifier} for the JVM: one dedicated thread receives from one or more buses and hands every
 * frame to every {@link Listener}.
 *
 * <pre>{@code
 * BufferedReader reader = new BufferedReader();
 * try (Notifier notifier = Notifier.builder().bus(can0).bus(can1).listener(reader)
 *         .idleStrategy(IdleStrategy.busySpin()).start())
 * {
 *     CanFrame first = reader.poll(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <h2>Consuming</h2>
 * A bus has one consumer at a time, and while a bus is watched the notifier is its consumer: do not call
 * {@code recv}, {@code poll} or {@code drain} on it until {@link #removeBus} returned or the notifier stopped. The
 * loop drains each bus with {@link CanBus#drain} ({@link FrameView} flyweights, at most {@code batchLimit} frames
 * per bus per round so that a busy bus cannot starve the others) and allocates nothing per frame or per round.
 * Without a receive thread ({@link CanBus#start()}) the notifier thread reads the sockets itself: no thread hop.
 * Start the buses' receive threads to let them absorb bursts while listeners are slow.
 *
 * <h2>Idling</h2>
 * When a round found nothing, the {@link IdleStrategy} decides: busy-spin, yield, back-off or park retry at once or
 * after a pause (latency against CPU, as for the receive thread). The blocking strategy (the default) sleeps in the
 * bus instead, {@link CanBus#poll} with a timeout: with one bus that costs nothing and adds no latency. With several
 * buses there is no single call that sleeps on all of them, so the notifier waits on one bus at a time, round-robin,
 * for at most {@code waitSlice} (1 ms by default), draining every bus between waits. A frame on the bus being waited
 * on is seen at once; one on another bus waits for the slice to end, and with {@code n} buses idle for up to
 * {@code (n - 1) x waitSlice}. The price of a shorter slice is wake-ups: {@code 1 / waitSlice} per second while idle
 * (1000 at 1 ms, a fraction of a percent of a core). Where that latency matters, pick a spinning strategy, or give
 * each bus a notifier of its own.
 *
 * <h2>Failures</h2>
 * A listener that throws is counted ({@link #listenerFailures()}), reported to the {@link ErrorHandler}, and keeps
 * receiving; the loop goes on. Only a {@link VirtualMachineError} (out of memory, stack overflow) ends it. A bus
 * whose receiving fails is counted ({@link #busFailures()}) and its listeners are told ({@link Listener#onError});
 * a closed bus is dropped from the notifier.
 *
 * <h2>Threads and memory order</h2>
 * The bus and listener lists are copy-on-write arrays: changes take the membership lock, build a new array and
 * publish it with a release store. The loop reads the listeners with an acquire load per frame, so a listener added
 * before {@link #addListener} returns sees every frame handed out after, and a removed one no frame after
 * {@link #removeListener} returned but the one being handed out then; it reads the buses once per round. The loop
 * counts rounds with a release store, which {@link #removeBus} waits on to know that no round still uses the old list.
 * The counters are written by the loop only (opaque: statistics). {@link #stop()} stops the {@link LoopThread}
 * (a release store its loop acquires, and an unpark), then joins it: everything the loop did happens-before
 * {@code stop()} returns.
 */
public final class Notifier implements AutoCloseable
{
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final long SINGLE_BUS_WAIT_NANOS = Duration.ofMillis(50).toNanos();
    private static final long MULTI_BUS_WAIT_NANOS = Duration.ofMillis(1).toNanos();
    private static final long ERROR_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
    private static final long REMOVAL_PAUSE_NANOS = 50_000;
    private static final Watched[] NO_BUSES = new Watched[0];

    private final IdleStrategy idle;
    private final boolean blocking;
    private final ErrorHandler errorHandler;
    private final int batchLimit;
    private final long waitSliceNanos;
    private final ReentrantLock membership = new ReentrantLock();
    private final LoopThread thread;
    private Watched[] buses = NO_BUSES;
    private Listener[] listeners;
    private long rounds;
    private long framesDispatched;
    private long listenerFailures;
    private long busFailures;
    private int nextWait;

    private Notifier(final Builder builder)
    {
        this.idle = builder.idleStrategy;
        this.blocking = idle.blocksInKernel();
        this.errorHandler = builder.errorHandler;
        this.batchLimit = builder.batchLimit;
        this.waitSliceNanos = builder.waitSliceNanos;
        this.listeners = builder.listeners.toArray(Listener[]::new);
        final List<Watched> watched = new ArrayList<>();
        for (final CanBus bus : builder.buses)
        {
            watched.add(new Watched(bus));
        }
        this.buses = watched.toArray(NO_BUSES);
        this.thread = new LoopThread(builder.threadFactory, this::run, LockSupport::unpark);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** A notifier on {@code bus} with the blocking strategy, started. */
    public static Notifier start(final CanBus bus, final Listener... listeners)
    {
        return builder().bus(bus).listeners(listeners).start();
    }

    // -------------------------------------------------------------------------------------------- membership

    /** Watches {@code bus} too, from the loop's next round on. */
    public void addBus(final CanBus bus)
    {
        Objects.requireNonNull(bus, "bus");
        membership.lock();
        try
        {
            final Watched[] current = buses;
            for (final Watched watched : current)
            {
                if (watched.bus == bus)
                {
                    throw new IllegalArgumentException(bus.channelInfo() + " is watched already");
                }
            }
            final Watched[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = new Watched(bus);
            BUSES.setRelease(this, more);
        }
        finally
        {
            membership.unlock();
        }
        thread.wake(); // a notifier without buses parks
    }

    /**
     * Stops watching {@code bus} and returns once the loop no longer consumes from it (the bus is yours again). From
     * a listener it returns at once, and the loop lets go of the bus at the end of the current round.
     *
     * @return whether it was watched
     */
    public boolean removeBus(final CanBus bus)
    {
        if (!drop(bus))
        {
            return false;
        }
        final long seen = (long)ROUNDS.getAcquire(this);
        while (!thread.isCurrent() && thread.isAlive() && (long)ROUNDS.getAcquire(this) <= seen)
        {
            LockSupport.parkNanos(REMOVAL_PAUSE_NANOS); // the round that may use the old list ends within a slice
        }
        return true;
    }

    /** The buses watched now. */
    public List<CanBus> buses()
    {
        return Arrays.stream((Watched[])BUSES.getAcquire(this)).map(watched -> watched.bus).toList();
    }

    /** Adds {@code listener}: it sees every frame handed out from now on. */
    public void addListener(final Listener listener)
    {
        Objects.requireNonNull(listener, "listener");
        membership.lock();
        try
        {
            final Listener[] current = listeners;
            final Listener[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = listener;
            LISTENERS.setRelease(this, more);
        }
        finally
        {
            membership.unlock();
        }
    }

    /**
     * Removes {@code listener}: it gets no frame after the one being handed out now, if any.
     *
     * @return whether it was registered
     */
    public boolean removeListener(final Listener listener)
    {
        membership.lock();
        try
        {
            final Listener[] current = listeners;
            final int index = Arrays.asList(current).indexOf(listener);
            if (index < 0)
            {
                return false;
            }
            final Listener[] fewer = new Listener[current.length - 1];
            System.arraycopy(current, 0, fewer, 0, index);
            System.arraycopy(current, index + 1, fewer, index, fewer.length - index);
            LISTENERS.setRelease(this, fewer);
            return true;
        }
        finally
        {
            membership.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ statistics

    /** Frames handed to the listeners (each once, however many listeners), counted after the last one returned. */
    public long framesDispatched()
    {
        return (long)FRAMES_DISPATCHED.getOpaque(this);
    }

    /** Listener calls that threw. */
    public long listenerFailures()
    {
        return (long)LISTENER_FAILURES.getOpaque(this);
    }

    /** Receive calls that failed, a bus found closed included. */
    public long busFailures()
    {
        return (long)BUS_FAILURES.getOpaque(this);
    }

    /** Whether the loop runs. */
    public boolean isRunning()
    {
        return thread.isAlive();
    }

    // ------------------------------------------------------------------------------------------------- lifetime

    /**
     * Stops the loop and waits until it has ended and told the listeners ({@link Listener#onStop()}): at most one
     * wait slice, plus the listener call under way. The buses stay open. Idempotent; from a listener, returns at
     * once and the loop ends after the current call.
     */
    public void stop()
    {
        thread.stopAndJoin();
    }

    /** {@link #stop()}. */
    @Override
    public void close()
    {
        stop();
    }

    @Override
    public String toString()
    {
        return "Notifier[" + thread.name() + ", " + buses().size() + " buses, idle " + idle + "]";
    }

    // ----------------------------------------------------------------------------------------------------- loop

    private void startThread()
    {
        thread.start();
    }

    private void run()
    {
        try
        {
            while (thread.isRunning())
            {
                final Watched[] watched = (Watched[])BUSES.getAcquire(this);
                int work = 0;
                for (final Watched bus : watched)
                {
                    work += bus.drain();
                }
                if (!blocking)
                {
                    idle.idle(work);
                }
                else if (work == 0)
                {
                    waitForFrames(watched);
                }
                ROUNDS.setRelease(this, rounds + 1);
            }
        }
        finally
        {
            tellStopped();
        }
    }

    /** The blocking strategy: sleeps in one bus (round-robin) for a slice, or parks while there is none. */
    private void waitForFrames(final Watched[] watched)
    {
        if (watched.length == 0)
        {
            LockSupport.parkNanos(this, SINGLE_BUS_WAIT_NANOS); // addBus and stop unpark
            return;
        }
        if (++nextWait >= watched.length)
        {
            nextWait = 0;
        }
        final long slice = waitSliceNanos > 0 ? waitSliceNanos
            : watched.length == 1 ? SINGLE_BUS_WAIT_NANOS : MULTI_BUS_WAIT_NANOS;
        watched[nextWait].poll(slice);
    }

    private void dispatch(final CanBus bus, final FrameView frame)
    {
        for (final Listener listener : (Listener[])LISTENERS.getAcquire(this))
        {
            try
            {
                listener.onFrame(bus, frame);
            }
            catch (final VirtualMachineError fatal)
            {
                throw fatal;
            }
            catch (final Throwable failure)
            {
                listenerFailed(listener, bus, failure);
            }
        }
        FRAMES_DISPATCHED.setOpaque(this, framesDispatched + 1);
    }

    private void listenerFailed(final Listener listener, final CanBus bus, final Throwable failure)
    {
        LISTENER_FAILURES.setOpaque(this, listenerFailures + 1);
        try
        {
            errorHandler.onListenerFailure(listener, bus, failure);
        }
        catch (final RuntimeException ignored)
        {
            // the error handler failing must not end the loop either; the failure is counted
        }
    }

    private void busFailed(final Watched watched, final Exception failure)
    {
        BUS_FAILURES.setOpaque(this, busFailures + 1);
        for (final Listener listener : (Listener[])LISTENERS.getAcquire(this))
        {
            try
            {
                listener.onError(watched.bus, failure);
            }
            catch (final VirtualMachineError fatal)
            {
                throw fatal;
            }
            catch (final Throwable listenerFailure)
            {
                listenerFailed(listener, watched.bus, listenerFailure);
            }
        }
        if (failure instanceof BusClosedException)
        {
            drop(watched.bus); // after the listeners heard why: once buses() lacks it, they have
        }
        else
        {
            LockSupport.parkNanos(this, ERROR_PAUSE_NANOS); // a failing bus must not turn the loop into a spin
        }
    }

    private boolean drop(final CanBus bus)
    {
        membership.lock();
        try
        {
            final Watched[] current = buses;
            for (int i = 0; i < current.length; i++)
            {
                if (current[i].bus == bus)
                {
                    final Watched[] fewer = new Watched[current.length - 1];
                    System.arraycopy(current, 0, fewer, 0, i);
                    System.arraycopy(current, i + 1, fewer, i, fewer.length - i);
                    BUSES.setRelease(this, fewer);
                    return true;
                }
            }
            return false;
        }
        finally
        {
            membership.unlock();
        }
    }

    private void tellStopped()
    {
        for (final Listener listener : (Listener[])LISTENERS.getAcquire(this))
        {
            try
            {
                listener.onStop();
            }
            catch (final RuntimeException failure)
            {
                listenerFailed(listener, null, failure);
            }
        }
    }

    /** One watched bus: its preallocated frame handler, so that a round allocates nothing. */
    private final class Watched implements FrameHandler
    {
        private final CanBus bus;

        Watched(final CanBus bus)
        {
            this.bus = bus;
        }

        int drain()
        {
            try
            {
                return bus.drain(this, batchLimit);
            }
            catch (final CanException | RuntimeException failure)
            {
                busFailed(this, failure);
                return 0;
            }
        }

        void poll(final long timeoutNanos)
        {
            try
            {
                bus.poll(this, batchLimit, timeoutNanos);
            }
            catch (final CanException | RuntimeException failure)
            {
                busFailed(this, failure);
            }
        }

        @Override
        public void onFrame(final FrameView frame)
        {
            dispatch(bus, frame);
        }
    }

    /** Configures and starts a {@link Notifier}. */
    public static final class Builder
    {
        private final List<CanBus> buses = new ArrayList<>();
        private final List<Listener> listeners = new ArrayList<>();
        private IdleStrategy idleStrategy = IdleStrategy.blocking();
        private ErrorHandler errorHandler = ErrorHandler.logging();
        private int batchLimit = 64;
        private long waitSliceNanos;
        private ThreadFactory threadFactory = runnable -> Thread.ofPlatform()
            .name("panacan-notifier-" + NUMBER.incrementAndGet()).daemon(true).unstarted(runnable);

        private Builder()
        {
        }

        /** Watches {@code bus}. */
        public Builder bus(final CanBus bus)
        {
            if (buses.contains(Objects.requireNonNull(bus, "bus")))
            {
                throw new IllegalArgumentException(bus.channelInfo() + " is added twice");
            }
            buses.add(bus);
            return this;
        }

        /** Watches every bus in {@code buses}. */
        public Builder buses(final CanBus... buses)
        {
            for (final CanBus bus : buses)
            {
                bus(bus);
            }
            return this;
        }

        /** Adds {@code listener}. */
        public Builder listener(final Listener listener)
        {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds every listener in {@code listeners}. */
        public Builder listeners(final Listener... listeners)
        {
            for (final Listener listener : listeners)
            {
                listener(listener);
            }
            return this;
        }

        /**
         * What the loop does when a round found nothing (default {@link IdleStrategy#blocking()}). The notifier
         * keeps the instance for its thread: do not share a stateful one.
         */
        public Builder idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            return this;
        }

        /** Who is told when a listener throws (default: {@link ErrorHandler#logging()}). */
        public Builder errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
            return this;
        }

        /** The most frames taken from one bus per round (default 64): fairness between buses. */
        public Builder batchLimit(final int batchLimit)
        {
            if (batchLimit < 1)
            {
                throw new IllegalArgumentException("batch limit " + batchLimit + " must be at least 1");
            }
            this.batchLimit = batchLimit;
            return this;
        }

        /**
         * With the blocking strategy, how long the loop sleeps in one bus before it looks at the others; the
         * default is 1 ms with several buses, 50 ms with one (then it only bounds how long {@link #stop()} takes).
         */
        public Builder waitSlice(final Duration waitSlice)
        {
            if (waitSlice.isNegative() || waitSlice.isZero())
            {
                throw new IllegalArgumentException("wait slice " + waitSlice + " must be positive");
            }
            this.waitSliceNanos = waitSlice.toNanos();
            return this;
        }

        /** Makes the loop's thread (default: a daemon platform thread "panacan-notifier-N"), e.g. to pin it. */
        public Builder threadFactory(final ThreadFactory threadFactory)
        {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /** Creates the notifier and starts its thread. */
        public Notifier start()
        {
            final Notifier notifier = new Notifier(this);
            notifier.startThread();
            return notifier;
        }
    }

    private static final VarHandle BUSES;
    private static final VarHandle LISTENERS;
    private static final VarHandle ROUNDS;
    private static final VarHandle FRAMES_DISPATCHED;
    private static final VarHandle LISTENER_FAILURES;
    private static final VarHandle BUS_FAILURES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            BUSES = lookup.findVarHandle(Notifier.class, "buses", Watched[].class);
            LISTENERS = lookup.findVarHandle(Notifier.class, "listeners", Listener[].class);
            ROUNDS = lookup.findVarHandle(Notifier.class, "rounds", long.class);
            FRAMES_DISPATCHED = lookup.findVarHandle(Notifier.class, "framesDispatched", long.class);
            LISTENER_FAILURES = lookup.findVarHandle(Notifier.class, "listenerFailures", long.class);
            BUS_FAILURES = lookup.findVarHandle(Notifier.class, "busFailures", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
