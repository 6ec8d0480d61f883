package org.panacan.isotp.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

import org.panacan.CanException;
import org.panacan.sys.Errno;
import org.panacan.sys.ReadinessWaiter;
import org.panacan.sys.SocketErrors;
import org.panacan.sys.Syscalls;

/**
 * The bound {@code CAN_ISOTP} sockets of a started kernel channel (physical, and functional where the address has
 * identifiers of its own), their buffers, and the sender thread that writes PDUs.
 *
 * <h2>Why a sender thread</h2>
 * With {@code CAN_ISOTP_WAIT_TX_DONE} a {@code write} returns when the transfer is over, with its outcome: the only
 * exact completion signal the kernel gives. The wait happens in the kernel and cannot be interrupted from Java, so
 * it happens on this thread; senders wait on the Java side, with their timeout, and can be released at once.
 *
 * <h2>The socket error</h2>
 * The kernel reports every failure through one socket error ({@code sk_err}) that whichever call comes first
 * consumes: the tail of the sender's {@code write}, the reader's {@code read}, or {@code sock_alloc_send_skb} at
 * the start of the next write. So that each failure reaches the side it belongs to, exactly once:
 * <ul>
 * <li>the sender takes any stale error before it writes (a receive failure goes to the receive side);</li>
 * <li>a reader that consumes a transmit failure ({@code ECOMM}, {@code EMSGSIZE}, {@code EBADMSG}) while a write is
 * in flight hands it to the sender ({@link #read}), which reports it as the transfer's outcome;</li>
 * <li>a receive failure reported by the tail of a write ({@code ETIMEDOUT}, {@code EILSEQ}) means the transfer
 * itself went through; it stays pending for the reader.</li>
 * </ul>
 * {@code errorLock} orders these steps (it is never held across a blocking call).
 *
 * <h2>Lifetime</h2>
 * Reference counted: the channel holds one reference until {@link #retire()}, the sender thread one until it ends
 * (after the write in flight returns), a reader one while it waits. The last release closes the sockets, so that
 * no descriptor is closed under a thread inside a system call on it.
 */
final class KernelLink
{
    /** {@link #read}: nothing to read. */
    static final int NOTHING = Integer.MIN_VALUE;
    /** {@link #awaitIdle}: the transmitter is idle. */
    static final int IDLE_NOW = 0;
    /** {@link #awaitIdle}: the deadline passed first. */
    static final int TIMED_OUT = 1;
    /** {@link #awaitIdle}: the link was retired; a transfer in flight is abandoned. */
    static final int RETIRED = 2;
    /** {@link #awaitIdle}: {@link #abandon()} released the waiter; the transfer runs on in the kernel. */
    static final int ABANDONED = 3;

    private static final int IDLE = 0;
    private static final int SUBMITTED = 1;
    private static final int WRITING = 2;

    final int physicalFd;
    final int functionalFd;
    private final Arena arena;
    private final ReadinessWaiter waiter;
    private final MemorySegment txBuffer;
    private final MemorySegment rxBuffer;
    private final MemorySegment txCallState;
    private final MemorySegment rxCallState;
    private final SocketErrors txErrors;
    private final IntConsumer receiveErrors;
    private final ReentrantLock errorLock = new ReentrantLock();
    private final Thread sender;
    private final int[] fds;

    private int txState = IDLE;
    private int txFd;
    private int txLength;
    private int txResult;
    private int forwardedErrno;
    private Thread txWaiter;
    private Thread freedWaiter;
    private long abandons;
    private boolean retired;
    private int references = 2;

    /**
     * Takes ownership of the sockets (closed on the last release) and starts the sender thread.
     *
     * @param receiveErrors gets receive-side errno values the sender consumed; called on the sender thread
     */
    KernelLink(final int physicalFd, final int functionalFd, final int maxPduLength, final String name,
        final IntConsumer receiveErrors) throws CanException
    {
        final Arena arena = Arena.ofShared();
        try
        {
            this.fds = functionalFd < 0 ? new int[] {physicalFd} : new int[] {physicalFd, functionalFd};
            this.waiter = new ReadinessWaiter(arena, fds);
        }
        catch (final CanException | RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
        this.arena = arena;
        this.physicalFd = physicalFd;
        this.functionalFd = functionalFd;
        this.txBuffer = arena.allocate(maxPduLength);
        this.rxBuffer = arena.allocate(maxPduLength);
        this.txCallState = Syscalls.newCallState(arena);
        this.rxCallState = Syscalls.newCallState(arena);
        this.txErrors = new SocketErrors(arena);
        this.receiveErrors = receiveErrors;
        this.sender = Thread.ofPlatform().name("panacan-isotp-tx-" + name).daemon(true).start(this::runSender);
    }

    int sockets()
    {
        return fds.length;
    }

    int fd(final int socket)
    {
        return fds[socket];
    }

    // ------------------------------------------------------------------------------------------------- sending

    /** The buffer the next PDU is copied into; only while the transmitter is idle. */
    MemorySegment txBuffer()
    {
        return txBuffer;
    }

    /** Hands the PDU in {@link #txBuffer()} to the sender thread, for {@code fd}. The transmitter must be idle. */
    void submit(final int fd, final int length)
    {
        txFd = fd;
        txLength = length;
        TX_STATE.setRelease(this, SUBMITTED);
        LockSupport.unpark(sender);
    }

    /**
     * Transfers the PDU in {@link #txBuffer()} on the calling thread: for single frames, over as soon as the kernel
     * has its echo, where the hand-off to the sender thread would cost more than the transfer. The transmitter must
     * be idle; should the sender thread wake and take it first, this returns at once.
     */
    void transferHere(final int fd, final int length)
    {
        txFd = fd;
        txLength = length;
        TX_STATE.setRelease(this, SUBMITTED);
        transfer();
    }

    /** Whether a transfer is submitted or in the kernel. */
    boolean transmitting()
    {
        return (int)TX_STATE.getAcquire(this) != IDLE;
    }

    /** A ticket for {@link #awaitIdle}: waits end with {@link #ABANDONED} once {@link #abandon()} moved past it. */
    long ticket()
    {
        return (long)ABANDONS.getVolatile(this);
    }

    /** Releases every sender waiting on the transmitter; the transfer in the kernel cannot be recalled. */
    void abandon()
    {
        ABANDONS.getAndAdd(this, 1L);
        final Thread waiting = (Thread)TX_WAITER.getVolatile(this);
        if (waiting != null)
        {
            LockSupport.unpark(waiting);
        }
    }

    /** Waits until the transmitter is idle, the deadline passes, the link is retired, or the ticket abandoned. */
    int awaitIdle(final long deadlineNanos, final long ticket)
    {
        try
        {
            while (true)
            {
                if ((int)TX_STATE.getAcquire(this) == IDLE)
                {
                    return IDLE_NOW;
                }
                if ((boolean)RETIRED_FLAG.getAcquire(this))
                {
                    return RETIRED;
                }
                if ((long)ABANDONS.getAcquire(this) != ticket)
                {
                    return ABANDONED;
                }
                TX_WAITER.setVolatile(this, Thread.currentThread()); // then re-check: Dekker with the sender
                if ((int)TX_STATE.getVolatile(this) == IDLE || (boolean)RETIRED_FLAG.getVolatile(this)
                    || (long)ABANDONS.getVolatile(this) != ticket)
                {
                    continue;
                }
                final long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0)
                {
                    return TIMED_OUT;
                }
                LockSupport.parkNanos(this, remaining);
            }
        }
        finally
        {
            TX_WAITER.setRelease(this, null);
        }
    }

    /** The errno that ended the last transfer, 0 for success. Valid once {@link #awaitIdle} said idle. */
    int result()
    {
        return txResult;
    }

    private void runSender()
    {
        try
        {
            while (true)
            {
                final int state = (int)TX_STATE.getAcquire(this);
                if (state == SUBMITTED)
                {
                    transfer();
                }
                else if ((boolean)RETIRED_FLAG.getAcquire(this))
                {
                    return;
                }
                else
                {
                    LockSupport.park(this);
                }
            }
        }
        finally
        {
            release();
        }
    }

    private void transfer()
    {
        final int fd = txFd;
        errorLock.lock();
        try
        {
            if ((int)TX_STATE.getAcquire(this) != SUBMITTED)
            {
                return; // retired before it began
            }
            final int stale = txErrors.take(fd);
            if (stale > 0 && isReceiveFailure(stale))
            {
                receiveErrors.accept(stale);
                waiter.wake();
            }
            forwardedErrno = 0;
            TX_STATE.setRelease(this, WRITING);
        }
        finally
        {
            errorLock.unlock();
        }
        final int errno = write(fd, txLength);
        errorLock.lock();
        try
        {
            final int result;
            if (errno == 0 || errno == Errno.ETIMEDOUT || errno == Errno.EILSEQ)
            {
                // done; a receive failure reported at the end stays pending for the reader
                result = forwardedErrno;
            }
            else
            {
                result = errno;
                final int tail = txErrors.take(fd); // WAIT_TX_DONE reports sk_err without clearing it
                if (tail > 0 && tail != errno && isReceiveFailure(tail))
                {
                    receiveErrors.accept(tail);
                    waiter.wake();
                }
            }
            txResult = result;
            TX_STATE.setRelease(this, IDLE);
        }
        finally
        {
            errorLock.unlock();
        }
        VarHandle.fullFence(); // StoreLoad: read the waiter only after IDLE is visible
        final Thread waiting = (Thread)TX_WAITER.getAcquire(this);
        if (waiting != null)
        {
            LockSupport.unpark(waiting);
        }
    }

    /** One PDU, retrying a full socket buffer briefly; 0 or the errno. */
    private int write(final int fd, final int length)
    {
        int attempt = 0;
        while (true)
        {
            final long written = Syscalls.write(txCallState, fd, txBuffer, length);
            if (written == length)
            {
                return 0;
            }
            final int errno = written < 0 ? Syscalls.errno(txCallState) : Errno.EMSGSIZE;
            final boolean retryable = errno == Errno.EAGAIN || errno == Errno.ENOBUFS || errno == Errno.EINTR;
            if (!retryable || attempt >= 2_000 || (boolean)RETIRED_FLAG.getAcquire(this))
            {
                return errno;
            }
            LockSupport.parkNanos(Math.min(1_000L << Math.min(attempt++, 10), 1_000_000L));
        }
    }

    // ----------------------------------------------------------------------------------------------- receiving

    /** One reader at a time: waits for data or an error on any socket; see {@link ReadinessWaiter#await}. */
    int awaitEvents(final long timeoutNanos)
    {
        return waiter.await(timeoutNanos);
    }

    /**
     * Reads one PDU from socket {@code socket} without blocking into {@link #rxBuffer()}.
     *
     * @return its length, {@link #NOTHING}, or {@code -errno} of a receive failure or a system call failure
     */
    int read(final int socket)
    {
        errorLock.lock();
        try
        {
            final long length = Syscalls.read(rxCallState, fds[socket], rxBuffer, rxBuffer.byteSize());
            if (length >= 0)
            {
                return (int)length;
            }
            final int errno = Syscalls.errno(rxCallState);
            if (errno == Errno.EAGAIN || errno == Errno.EINTR)
            {
                return NOTHING;
            }
            final boolean writing = (int)TX_STATE.getAcquire(this) == WRITING;
            if (isTransmitFailure(errno))
            {
                if (writing && forwardedErrno == 0)
                {
                    forwardedErrno = errno; // the sender's write will not see it: report it as the outcome
                }
                return NOTHING; // else the sender has reported it already
            }
            if (errno == Errno.EBADMSG && writing)
            {
                forwardedErrno = errno; // the kernel does not say whose: in doubt, the transfer's
                return NOTHING;
            }
            return -errno;
        }
        finally
        {
            errorLock.unlock();
        }
    }

    MemorySegment rxBuffer()
    {
        return rxBuffer;
    }

    static boolean isTransmitFailure(final int errno)
    {
        return errno == Errno.ECOMM || errno == Errno.EMSGSIZE;
    }

    static boolean isReceiveFailure(final int errno)
    {
        return errno == Errno.ETIMEDOUT || errno == Errno.EILSEQ || errno == Errno.EBADMSG;
    }

    // ------------------------------------------------------------------------------------------------ lifetime

    /** Takes a reference for a reader; false once the link is retired. */
    boolean acquire()
    {
        while (true)
        {
            final int count = (int)REFERENCES.getAcquire(this);
            if (count == 0 || (boolean)RETIRED_FLAG.getAcquire(this))
            {
                return false;
            }
            if (REFERENCES.compareAndSet(this, count, count + 1))
            {
                return true;
            }
        }
    }

    void release()
    {
        if ((int)REFERENCES.getAndAdd(this, -1) == 1)
        {
            free();
        }
    }

    boolean retired()
    {
        return (boolean)RETIRED_FLAG.getAcquire(this);
    }

    /**
     * Retires the link: no new transfer starts (one merely submitted is dropped), waiters return, the sockets
     * close once the last holder lets go. Idempotent.
     */
    void retire()
    {
        if (!RETIRED_FLAG.compareAndSet(this, false, true))
        {
            return;
        }
        errorLock.lock();
        try
        {
            if ((int)TX_STATE.getAcquire(this) == SUBMITTED)
            {
                TX_STATE.setRelease(this, IDLE);
            }
        }
        finally
        {
            errorLock.unlock();
        }
        waiter.wake();
        LockSupport.unpark(sender);
        final Thread waiting = (Thread)TX_WAITER.getAcquire(this);
        if (waiting != null)
        {
            LockSupport.unpark(waiting);
        }
        release();
    }

    /** After {@link #retire()}: waits until the sockets are closed (a transfer in the kernel ends first). */
    void awaitFreed()
    {
        FREED_WAITER.setVolatile(this, Thread.currentThread());
        try
        {
            while ((int)REFERENCES.getVolatile(this) != 0)
            {
                LockSupport.parkNanos(this, 10_000_000L);
            }
        }
        finally
        {
            FREED_WAITER.setRelease(this, null);
        }
    }

    private void free()
    {
        waiter.close();
        for (final int fd : fds)
        {
            Syscalls.close(fd);
        }
        arena.close();
        final Thread waiting = (Thread)FREED_WAITER.getVolatile(this);
        if (waiting != null)
        {
            LockSupport.unpark(waiting);
        }
    }

    private static final VarHandle TX_STATE;
    private static final VarHandle TX_WAITER;
    private static final VarHandle FREED_WAITER;
    private static final VarHandle RETIRED_FLAG;
    private static final VarHandle REFERENCES;
    private static final VarHandle ABANDONS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TX_STATE = lookup.findVarHandle(KernelLink.class, "txState", int.class);
            TX_WAITER = lookup.findVarHandle(KernelLink.class, "txWaiter", Thread.class);
            FREED_WAITER = lookup.findVarHandle(KernelLink.class, "freedWaiter", Thread.class);
            RETIRED_FLAG = lookup.findVarHandle(KernelLink.class, "retired", boolean.class);
            REFERENCES = lookup.findVarHandle(KernelLink.class, "references", int.class);
            ABANDONS = lookup.findVarHandle(KernelLink.class, "abandons", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
