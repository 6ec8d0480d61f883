package org.panacan.bcm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.CanFrame;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.sockaddr_can;
import org.panacan.sys.BcmMessage;
import org.panacan.sys.ControlMessages;
import org.panacan.sys.Errno;
import org.panacan.sys.KernelFrames;
import org.panacan.sys.LoopThread;
import org.panacan.sys.MessageVector;
import org.panacan.sys.ReadinessWaiter;
import org.panacan.sys.SyscallException;
import org.panacan.sys.Syscalls;

/**
 * A bus's CAN_BCM socket and the one thread that reads it.
 *
 * <h2>Writing</h2>
 * Any thread configures ops ({@code TX_SETUP}, {@code RX_SETUP}, the deletes): each message is composed in one
 * preallocated buffer and written with one {@code write}, under {@link #writeLock}. The kernel applies a message
 * whole or rejects it, so a failed write leaves nothing half-configured.
 *
 * <h2>Reading</h2>
 * The BCM thread ({@code panacan-bcm-<interface>}) sleeps in {@link ReadinessWaiter} until events arrive, reads them
 * in batches ({@code recvmmsg}, {@code SO_TIMESTAMPNS} stamps) and hands each to its task or watch, found by key in
 * an {@link OpTable}. It also runs the actions queued with {@link #schedule} when they are due: a delayed first
 * frame, a count-of-one expiry (the kernel reports none).
 *
 * <h2>Closing</h2>
 * {@link #close()} stops the {@link LoopThread} (its running flag is the socket's open flag) and wakes it; the
 * thread, on its way out, takes the write lock (so no write is in progress), closes the descriptors and frees the
 * memory. Closing the socket makes the kernel delete every op of it, so tasks stop and watches end with it.
 */
final class BcmSocket implements AutoCloseable
{
    private static final int BATCH = 16;
    /** A head and one CAN FD frame: the largest event (RX_CHANGED), 8-aligned. */
    private static final int SLOT = BcmMessage.FRAMES_OFFSET + KernelFrames.CANFD_MTU;
    private static final int MSG_DONTWAIT = LinuxCan.MSG_DONTWAIT();
    /** The first key given to a TX op; any u32 works, the frames carry their own ids. */
    private static final int FIRST_TX_KEY = 1;
    private static final long ERROR_PAUSE_NANOS = 1_000_000L;

    private final String name;
    private final int fd;
    private final Arena arena;
    private final MemorySegment message;
    private final MemorySegment writeState;
    private final MemorySegment events;
    private final MemorySegment readState;
    private final MessageVector vector;
    private final ControlMessages control = new ControlMessages();
    private final ReadinessWaiter waiter;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final OpTable<KernelPeriodicTask> txOps = new OpTable<>();
    private final OpTable<WatchBase> rxOps;
    private final List<ScheduledAction> scheduled = new ArrayList<>();
    private final LoopThread thread;
    private int nextTxKey = FIRST_TX_KEY;
    /** Guarded by writeLock: the descriptors are closed, the memory freed. */
    private boolean released;

    private record ScheduledAction(long deadlineNanos, Runnable action)
    {
    }

    /**
     * Opens a BCM socket connected to {@code interfaceIndex} (0: every interface, watches only) and starts its
     * thread.
     *
     * @param rxOps where watches are found by key (shared with the session, which also checks for duplicates)
     */
    BcmSocket(final String name, final int interfaceIndex, final OpTable<WatchBase> rxOps) throws CanException
    {
        this.name = name;
        this.rxOps = rxOps;
        final Arena arena = Arena.ofShared();
        int fd = -1;
        try
        {
            fd = Syscalls.socket(LinuxCan.PF_CAN(),
                LinuxCan.SOCK_DGRAM() | LinuxCan.SOCK_NONBLOCK() | LinuxCan.SOCK_CLOEXEC(), LinuxCan.CAN_BCM(),
                "CAN_BCM socket for " + name);
            Syscalls.setsockopt(fd, LinuxCan.SOL_SOCKET(), LinuxCan.SO_TIMESTAMPNS(), 1, "SO_TIMESTAMPNS");
            final MemorySegment address = arena.allocate(sockaddr_can.layout());
            sockaddr_can.can_family(address, (short)LinuxCan.AF_CAN());
            sockaddr_can.can_ifindex(address, interfaceIndex);
            Syscalls.connect(fd, address, name);
            this.message = arena.allocate(BcmMessage.MAX_LENGTH, 8);
            this.writeState = Syscalls.newCallState(arena);
            this.events = arena.allocate((long)SLOT * BATCH, 8);
            this.readState = Syscalls.newCallState(arena);
            this.vector = new MessageVector(arena, BATCH, true, true);
            for (int i = 0; i < BATCH; i++)
            {
                vector.setBuffer(i, events, (long)i * SLOT, SLOT); // for good: each entry receives into its slot
            }
            this.waiter = new ReadinessWaiter(arena, fd);
        }
        catch (final CanException | RuntimeException | Error ex)
        {
            if (fd >= 0)
            {
                Syscalls.close(fd);
            }
            arena.close();
            throw ex;
        }
        this.fd = fd;
        this.arena = arena;
        this.thread = new LoopThread("panacan-bcm-" + name, this::run, ignored -> wake());
        thread.start();
    }

    // ------------------------------------------------------------------------------------------------ TX ops

    /** Gives {@code task} a fresh op key and maps the key to it. */
    int registerTx(final KernelPeriodicTask task)
    {
        while (true)
        {
            final int key;
            synchronized (txOps)
            {
                key = nextTxKey == 0 ? FIRST_TX_KEY : nextTxKey;
                nextTxKey = key + 1;
            }
            if (txOps.putIfAbsent(OpTable.key(key, false), task) == null)
            {
                return key;
            }
        }
    }

    void unregisterTx(final int key, final KernelPeriodicTask task)
    {
        txOps.remove(OpTable.key(key, false), task);
    }

    /** {@code TX_SETUP} of {@code frames} under op {@code key}. */
    void txSetup(final int key, final int flags, final long count, final long ival1Micros, final long ival2Micros,
        final CanFrame[] frames) throws CanException
    {
        writeLock.lock();
        try
        {
            ensureOpen();
            BcmMessage.writeHead(message, 0, BcmMessage.TX_SETUP, flags, (int)count, ival1Micros, ival2Micros, key,
                frames.length);
            for (int i = 0; i < frames.length; i++)
            {
                BcmMessage.writeFrame(message, 0, flags, i, frames[i]);
            }
            write("TX_SETUP", BcmMessage.length(flags, frames.length));
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /** {@code TX_DELETE}; false when the kernel has no such op (or the socket closed, which deleted it). */
    boolean txDelete(final int key, final int flags) throws CanException
    {
        return delete(BcmMessage.TX_DELETE, "TX_DELETE", key, flags);
    }

    // ------------------------------------------------------------------------------------------------ RX ops

    /** {@code RX_SETUP} for {@code canIdWord} as {@code options} say (already checked). */
    void rxSetup(final int canIdWord, final WatchOptions options) throws CanException
    {
        final int flags = KernelWatch.bcmFlags(options);
        writeLock.lock();
        try
        {
            ensureOpen();
            final int frameCount = switch (options.mode())
            {
                case EVERY_FRAME -> 0;
                case CHANGES, PRESENCE ->
                {
                    BcmMessage.writeMask(message, 0, flags, 0, canIdWord, options.mask());
                    yield 1;
                }
                case MULTIPLEXED ->
                {
                    BcmMessage.writeMask(message, 0, flags, 0, canIdWord, options.mask());
                    final byte[][] contentMasks = options.contentMasks();
                    for (int i = 0; i < contentMasks.length; i++)
                    {
                        BcmMessage.writeMask(message, 0, flags, i + 1, canIdWord, contentMasks[i]);
                    }
                    yield 1 + contentMasks.length;
                }
                case REMOTE_REPLY ->
                {
                    BcmMessage.writeFrame(message, 0, flags, 0, options.reply());
                    yield 1;
                }
            };
            BcmMessage.writeHead(message, 0, BcmMessage.RX_SETUP, flags, 0, micros(options.timeout()),
                micros(options.throttle()), canIdWord, frameCount);
            write("RX_SETUP", BcmMessage.length(flags, frameCount));
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /** {@code RX_DELETE}; false when the kernel has no such op (or the socket closed, which deleted it). */
    boolean rxDelete(final int canIdWord, final int flags) throws CanException
    {
        return delete(BcmMessage.RX_DELETE, "RX_DELETE", canIdWord, flags);
    }

    private static long micros(final java.time.Duration interval)
    {
        return interval == null ? 0 : Intervals.checkMicros(interval, "interval");
    }

    private boolean delete(final int opcode, final String what, final int canId, final int flags)
        throws CanException
    {
        writeLock.lock();
        try
        {
            if (isClosed())
            {
                return false;
            }
            BcmMessage.writeHead(message, 0, opcode, flags & BcmMessage.CAN_FD_FRAME, 0, 0, 0, canId, 0);
            final long written = Syscalls.write(writeState, fd, message, BcmMessage.HEAD_LENGTH);
            if (written < 0)
            {
                final int errno = Syscalls.errno(writeState);
                if (errno == Errno.EINVAL)
                {
                    return false; // no such op: it never started, or the interface went away
                }
                throw SyscallException.of(what, errno, name);
            }
            return true;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /** Writes the composed message; lock held. */
    private void write(final String what, final int length) throws CanException
    {
        final long written = Syscalls.write(writeState, fd, message, length);
        if (written != length)
        {
            throw SyscallException.of(what, written < 0 ? Syscalls.errno(writeState) : Errno.EMSGSIZE, name);
        }
    }

    private void ensureOpen() throws BusClosedException
    {
        if (isClosed())
        {
            throw new BusClosedException("bus '" + name + "'");
        }
    }

    // ---------------------------------------------------------------------------------------------- BCM thread

    /** Runs {@code action} on the BCM thread at {@code deadlineNanos} ({@link System#nanoTime()}). */
    void schedule(final long deadlineNanos, final Runnable action)
    {
        synchronized (scheduled)
        {
            scheduled.add(new ScheduledAction(deadlineNanos, action));
        }
        wake();
    }

    /** Wakes the BCM thread unless it has released the eventfd already (its number may be reused by then). */
    private void wake()
    {
        writeLock.lock();
        try
        {
            if (!released)
            {
                waiter.wake();
            }
        }
        finally
        {
            writeLock.unlock();
        }
    }

    boolean isEventThread()
    {
        return thread.isCurrent();
    }

    private void run()
    {
        try
        {
            while (!isClosed())
            {
                final int received = receive();
                if (received > 0)
                {
                    for (int i = 0; i < received; i++)
                    {
                        dispatch(i);
                        vector.rearm(i); // the kernel overwrote its lengths; its slot is read by now
                    }
                    continue;
                }
                final long wait = runDueActions();
                if (isClosed())
                {
                    break;
                }
                // after a socket error (ENETDOWN is reported once), look again within a millisecond, never spin
                waiter.await(received == 0 ? wait : wait < 0 ? ERROR_PAUSE_NANOS : Math.min(wait, ERROR_PAUSE_NANOS));
            }
        }
        finally
        {
            release();
        }
    }

    /** One batch; the number of events, 0 when none, -1 on a socket error. */
    private int receive()
    {
        final int received = vector.receive(readState, fd, BATCH, MSG_DONTWAIT);
        if (received >= 0)
        {
            return received;
        }
        final int errno = Syscalls.errno(readState);
        return errno == Errno.EAGAIN || errno == Errno.EINTR ? 0 : -1;
    }

    private void dispatch(final int index)
    {
        final long at = (long)index * SLOT;
        if (vector.length(index) < BcmMessage.HEAD_LENGTH)
        {
            return;
        }
        control.parse(vector.controls(), vector.controlOffset(index), vector.controlLength(index));
        final long stamp = control.timestampNanos != 0 ? control.timestampNanos : WallClock.epochNanos();
        final int opcode = BcmMessage.opcode(events, at);
        final int canId = BcmMessage.canId(events, at);
        final int flags = BcmMessage.flags(events, at);
        if (opcode == BcmMessage.TX_EXPIRED)
        {
            final KernelPeriodicTask task = txOps.get(OpTable.key(canId, false));
            if (task != null)
            {
                task.onExpired(canId, stamp);
            }
            return;
        }
        final boolean fd = (flags & BcmMessage.CAN_FD_FRAME) != 0;
        if (!(rxOps.get(OpTable.key(canId, fd)) instanceof KernelWatch watch))
        {
            return;
        }
        if (opcode == BcmMessage.RX_TIMEOUT)
        {
            watch.onTimeout(stamp);
        }
        else if (opcode == BcmMessage.RX_CHANGED && BcmMessage.frameCount(events, at) == 1
            && vector.length(index) >= BcmMessage.length(flags, 1))
        {
            watch.onChanged(events, at + BcmMessage.FRAMES_OFFSET, fd, stamp, vector.interfaceIndex(index));
        }
    }

    /** Runs the actions that are due; returns ns until the next one, or -1 when none is queued. */
    private long runDueActions()
    {
        while (true)
        {
            final long now = System.nanoTime();
            Runnable due = null;
            long next = Long.MAX_VALUE;
            synchronized (scheduled)
            {
                for (int i = 0; i < scheduled.size(); i++)
                {
                    final ScheduledAction action = scheduled.get(i);
                    if (action.deadlineNanos() - now <= 0)
                    {
                        due = scheduled.remove(i).action();
                        break;
                    }
                    next = Math.min(next, action.deadlineNanos() - now);
                }
            }
            if (due == null)
            {
                return next == Long.MAX_VALUE ? -1 : next;
            }
            try
            {
                due.run();
            }
            catch (final RuntimeException | Error ex)
            {
                PeriodicTaskBase.uncaught(ex);
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- lifetime

    boolean isClosed()
    {
        return !thread.isRunning();
    }

    /** Closes the socket (the kernel deletes every op) and waits for the BCM thread, unless called on it. */
    @Override
    public void close()
    {
        if (thread.stop())
        {
            thread.join(); // on the BCM thread at once: it releases everything when the current event returns
        }
    }

    /** On the BCM thread's way out: no write in progress, then descriptors and memory go. */
    private void release()
    {
        writeLock.lock();
        try
        {
            released = true;
            thread.stop(); // closed for writers when the thread ended on its own; wakes nobody, being released
            waiter.close();
            Syscalls.close(fd);
            arena.close();
        }
        finally
        {
            writeLock.unlock();
        }
    }
}
