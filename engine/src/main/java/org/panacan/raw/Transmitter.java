package org.panacan.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.FrameBatch;
import org.panacan.FrameFlags;
import org.panacan.FrameRules;
import org.panacan.ReadableFrame;
import org.panacan.TransmitTimeoutException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.sys.Errno;
import org.panacan.sys.KernelFrames;
import org.panacan.sys.MessageVector;
import org.panacan.sys.SyscallException;
import org.panacan.sys.Syscalls;

/**
 * The send side of a SocketCAN bus. Sends run on the caller's thread (no hand-off: the lowest latency) under one
 * lock that guards the native scratch buffers; the kernel serialises transmission per socket anyway.
 *
 * <p>A full transmit queue (ENOBUFS from the qdisc, EAGAIN from a full socket buffer) is retried with a bounded
 * back-off (spin, yield, then park from 1 µs doubling to 1 ms) until the caller's deadline, then reported as
 * {@link TransmitTimeoutException}. A frame is written whole or not at all.
 */
final class Transmitter
{
    private static final short AF_CAN = (short)LinuxCan.AF_CAN();
    /** The socket blocks (for the receiver's sake); sends never do: a full queue is waited out here, with a limit. */
    private static final int MSG_DONTWAIT = LinuxCan.MSG_DONTWAIT();
    private static final int SOCKADDR_CAN_SIZE = (int)org.panacan.bindings.gen.sockaddr_can.layout().byteSize();

    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena;
    private final int fd;
    private final String interfaceName;
    private final boolean anyInterface;
    private final boolean fdAllowed;
    private final MemorySegment frame;
    private final MemorySegment address;
    private final MemorySegment callState;
    private MessageVector batchVector;

    private boolean closed;
    private long framesSent;
    private long retries;

    Transmitter(final Arena arena, final int fd, final String interfaceName, final boolean anyInterface,
        final boolean fdAllowed)
    {
        this.arena = arena;
        this.fd = fd;
        this.interfaceName = interfaceName;
        this.anyInterface = anyInterface;
        this.fdAllowed = fdAllowed;
        this.frame = arena.allocate(KernelFrames.CANFD_MTU, 8);
        this.address = arena.allocate(SOCKADDR_CAN_SIZE, 8);
        this.callState = Syscalls.newCallState(arena);
        address.set(LinuxCan.C_SHORT, org.panacan.bindings.gen.sockaddr_can.can_family$offset(), AF_CAN);
    }

    /** Sends one frame from a byte-array payload. */
    void send(final int id, final int flags, final int len8Dlc, final byte[] data, final int offset, final int length,
        final int interfaceIndex, final long timeoutNanos) throws CanException
    {
        check(id, flags, length, len8Dlc, interfaceIndex);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            Objects.checkFromIndexSize(offset, length, data.length);
        }
        lock.lock();
        try
        {
            ensureOpen();
            final int size = KernelFrames.write(frame, 0, id, flags, len8Dlc, data, offset, length);
            transmit(size, interfaceIndex, timeoutNanos);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sends one frame from a memory-segment payload. */
    void send(final int id, final int flags, final MemorySegment data, final long offset, final int length,
        final long timeoutNanos) throws CanException
    {
        check(id, flags, length, 0, 0);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            Objects.checkFromIndexSize(offset, length, data.byteSize());
        }
        lock.lock();
        try
        {
            ensureOpen();
            final int size = KernelFrames.write(frame, 0, id, flags, 0, data, offset, length);
            transmit(size, 0, timeoutNanos);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sends any readable frame on interface {@code interfaceIndex} (0: the bound one). */
    void send(final ReadableFrame source, final int interfaceIndex, final long timeoutNanos) throws CanException
    {
        final int flags = source.flags() & FrameFlags.WIRE_MASK;
        check(source.id(), flags, source.length(), source.len8Dlc(), interfaceIndex);
        lock.lock();
        try
        {
            ensureOpen();
            transmit(KernelFrames.write(frame, 0, source), interfaceIndex, timeoutNanos);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sends a whole batch with as few {@code sendmmsg} calls as the queue allows. */
    int send(final FrameBatch batch, final long timeoutNanos) throws CanException
    {
        if (anyInterface)
        {
            throw new IllegalArgumentException("batches need a bus bound to one interface, not 'any'");
        }
        lock.lock();
        try
        {
            ensureOpen();
            final int count = batch.size();
            final MessageVector vector = vectorFor(batch.capacity());
            for (int i = 0; i < count; i++)
            {
                vector.setBuffer(i, batch.frames(), batch.frameOffset(i), batch.frameSize(i));
            }
            int sent = 0;
            long deadline = 0;
            int attempt = 0;
            while (sent < count)
            {
                final int result = vector.send(callState, fd, sent, count - sent, MSG_DONTWAIT);
                if (result > 0)
                {
                    sent += result;
                    FRAMES_SENT.setOpaque(this, framesSent + result);
                    attempt = 0;
                    continue;
                }
                final int errno = Syscalls.errno(callState);
                deadline = awaitRetry("sendmmsg", errno, deadline, timeoutNanos, attempt++, sent);
            }
            return sent;
        }
        finally
        {
            lock.unlock();
        }
    }

    private MessageVector vectorFor(final int capacity)
    {
        if (batchVector == null || batchVector.capacity() < capacity)
        {
            batchVector = new MessageVector(arena, capacity, false, false); // freed with the bus arena
        }
        return batchVector;
    }

    private void check(final int id, final int flags, final int length, final int len8Dlc, final int interfaceIndex)
    {
        if ((flags & FrameFlags.ERROR) == 0)
        {
            FrameRules.check(id, flags, length, len8Dlc);
        }
        if ((flags & FrameFlags.FD) != 0 && !fdAllowed)
        {
            throw new IllegalArgumentException("CAN FD frame on classic CAN bus '" + interfaceName
                + "' (open it with BusConfig.fd(true))");
        }
        if (anyInterface && interfaceIndex == 0)
        {
            throw new IllegalArgumentException("a bus bound to 'any' interface needs the frame's interface");
        }
    }

    /** Writes the frame in {@link #frame}, retrying a full queue until the deadline. Caller holds the lock. */
    private void transmit(final int size, final int interfaceIndex, final long timeoutNanos) throws CanException
    {
        long deadline = 0;
        int attempt = 0;
        while (true)
        {
            final long result = writeOnce(size, interfaceIndex);
            if (result == size)
            {
                FRAMES_SENT.setOpaque(this, framesSent + 1);
                return;
            }
            final int errno = result < 0 ? Syscalls.errno(callState) : Errno.EMSGSIZE;
            deadline = awaitRetry("sendto", errno, deadline, timeoutNanos, attempt++, 0);
        }
    }

    private long writeOnce(final int size, final int interfaceIndex)
    {
        final int target = interfaceIndex != 0 ? interfaceIndex : 0;
        if (target == 0 && !anyInterface)
        {
            return Syscalls.sendto(callState, fd, frame, size, MSG_DONTWAIT, MemorySegment.NULL, 0);
        }
        address.set(java.lang.foreign.ValueLayout.JAVA_INT,
            org.panacan.bindings.gen.sockaddr_can.can_ifindex$offset(), target);
        return Syscalls.sendto(callState, fd, frame, size, MSG_DONTWAIT, address, SOCKADDR_CAN_SIZE);
    }

    /**
     * Decides what a failed write means: waits and returns the deadline for a full queue, throws otherwise.
     *
     * @param deadline 0 until the first retry computes it (so the happy path never reads the clock)
     */
    private long awaitRetry(final String syscall, final int errno, final long deadline, final long timeoutNanos,
        final int attempt, final int sentSoFar) throws CanException
    {
        if (errno == Errno.EINTR || (errno == Errno.ENETDOWN && attempt == 0))
        {
            // ENETDOWN on the first attempt may be the socket's stale notification of an earlier down event
            // (sk_err, reported once by the next call): one retry tells it from an interface that is down now
            return deadline;
        }
        if (errno != Errno.ENOBUFS && errno != Errno.EAGAIN)
        {
            throw SyscallException.of(syscall, errno, interfaceName);
        }
        final long now = System.nanoTime();
        final long due = deadline == 0 ? now + timeoutNanos : deadline;
        if (now - due >= 0)
        {
            throw new TransmitTimeoutException(String.format(
                "%s(%s): transmit queue still full (%s) after %d retries in %d µs%s", syscall, interfaceName,
                Errno.name(errno), attempt, timeoutNanos / 1000,
                sentSoFar > 0 ? "; " + sentSoFar + " frames of the batch were sent" : ""),
                syscall, errno, Errno.name(errno), sentSoFar);
        }
        if (isClosed())
        {
            throw new BusClosedException("bus '" + interfaceName + "'");
        }
        RETRIES.setOpaque(this, retries + 1);
        backoff(attempt);
        return due;
    }

    private static void backoff(final int attempt)
    {
        if (attempt < 16)
        {
            Thread.onSpinWait();
        }
        else if (attempt < 24)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(1_000L << Math.min(attempt - 24, 10), 1_000_000L));
        }
    }

    private void ensureOpen() throws BusClosedException
    {
        if (isClosed())
        {
            throw new BusClosedException("bus '" + interfaceName + "'");
        }
    }

    private boolean isClosed()
    {
        return (boolean)CLOSED.getAcquire(this);
    }

    /** Refuses new sends and waits for the one in progress (which gives up its retries) to leave. */
    void close()
    {
        CLOSED.setRelease(this, true);
        lock.lock();
        lock.unlock();
    }

    long framesSent()
    {
        return (long)FRAMES_SENT.getOpaque(this);
    }

    long retries()
    {
        return (long)RETRIES.getOpaque(this);
    }

    private static final VarHandle CLOSED;
    private static final VarHandle FRAMES_SENT;
    private static final VarHandle RETRIES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(Transmitter.class, "closed", boolean.class);
            FRAMES_SENT = lookup.findVarHandle(Transmitter.class, "framesSent", long.class);
            RETRIES = lookup.findVarHandle(Transmitter.class, "retries", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
