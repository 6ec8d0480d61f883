package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.panacan.CanException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.pollfd;
import org.panacan.bindings.gen.timespec;

/**
 * Sleeps in the kernel until a socket is readable or has an error pending, or until another thread calls
 * {@link #wake()}: {@code ppoll} on the sockets and an {@code eventfd}. A thread blocked in {@code recvmmsg} cannot
 * be woken (closing the fd does not interrupt the call on Linux), so engine threads that must stop on request wait
 * here; only a raw bus's consumer waiting a long time blocks in {@code recvmmsg}, a bounded slice at a time. The
 * result tells readable data from a pending socket error: protocols whose sockets report
 * failures through the socket error (ISO-TP: {@code sk_err}) need to know which of the two woke them, since reading
 * consumes the error; a raw or BCM socket only asks whether anything did ({@code await(timeout) != 0}).
 *
 * <p>{@link #await} is called by one thread at a time (a bus's producer role, the BCM thread, an ISO-TP reader);
 * {@link #wake()} by any thread. The eventfd stays readable until the waiter consumes the wake-up, so a wake before
 * the wait is not lost.
 */
public final class ReadinessWaiter implements AutoCloseable
{
    /** Event bit: the socket has data to read. */
    public static final int READABLE = 1;
    /** Event bit: the socket has an error pending (or hung up). */
    public static final int ERROR = 2;
    /** Bits per socket in the result of {@link #await}. */
    public static final int BITS_PER_SOCKET = 2;

    private static final short POLLIN = (short)LinuxCan.POLLIN();
    private static final int ERROR_EVENTS = LinuxCan.POLLERR() | LinuxCan.POLLHUP() | LinuxCan.POLLNVAL();
    private static final long POLLFD_SIZE = pollfd.layout().byteSize();

    private final int sockets;
    private final int eventFd;
    private final MemorySegment fds;
    private final MemorySegment[] entries;
    private final MemorySegment wakeFd;
    private final MemorySegment timeout;
    private final MemorySegment counter;
    private final MemorySegment callState;
    private final MemorySegment wakeCounter;
    private final MemorySegment wakeState;

    /**
     * @param arena     owns the memory (the caller closes the eventfd with {@link #close()} before the arena)
     * @param socketFds the descriptors to wait on, at most 15
     */
    public ReadinessWaiter(final Arena arena, final int... socketFds) throws CanException
    {
        if (socketFds.length < 1 || socketFds.length > 15)
        {
            throw new IllegalArgumentException(socketFds.length + " sockets: 1..15 are supported");
        }
        this.sockets = socketFds.length;
        this.fds = arena.allocate(POLLFD_SIZE * (sockets + 1), 8);
        this.entries = new MemorySegment[sockets + 1];
        for (int i = 0; i <= sockets; i++)
        {
            entries[i] = fds.asSlice(POLLFD_SIZE * i, POLLFD_SIZE);
        }
        for (int i = 0; i < sockets; i++)
        {
            pollfd.fd(entries[i], socketFds[i]);
            pollfd.events(entries[i], POLLIN);
        }
        this.eventFd = Syscalls.eventfd(LinuxCan.EFD_NONBLOCK() | LinuxCan.EFD_CLOEXEC());
        this.wakeFd = entries[sockets];
        pollfd.fd(wakeFd, eventFd);
        pollfd.events(wakeFd, POLLIN);
        this.timeout = arena.allocate(timespec.layout());
        this.counter = arena.allocate(JAVA_LONG);
        this.callState = Syscalls.newCallState(arena);
        this.wakeCounter = arena.allocateFrom(JAVA_LONG, 1L);
        this.wakeState = Syscalls.newCallState(arena);
    }

    /**
     * Waits until a socket is readable or has an error pending, a wake-up arrives, or {@code timeoutNanos} passes
     * (negative: no limit). Consumes a pending wake-up. Spurious returns are allowed.
     *
     * @return for socket {@code i} (in constructor order), {@link #READABLE} and {@link #ERROR} shifted left by
     *     {@code i * BITS_PER_SOCKET}; 0 after a timeout or wake-up
     */
    public int await(final long timeoutNanos)
    {
        final MemorySegment limit;
        if (timeoutNanos < 0)
        {
            limit = MemorySegment.NULL;
        }
        else
        {
            timespec.tv_sec(timeout, timeoutNanos / 1_000_000_000L);
            timespec.tv_nsec(timeout, timeoutNanos % 1_000_000_000L);
            limit = timeout;
        }
        for (int i = 0; i <= sockets; i++)
        {
            pollfd.revents(entries[i], (short)0);
        }
        final int ready = Syscalls.ppoll(callState, fds, sockets + 1, limit);
        if (ready <= 0)
        {
            return 0; // timeout or EINTR: the caller re-checks its conditions
        }
        if (pollfd.revents(wakeFd) != 0)
        {
            Syscalls.read(callState, eventFd, counter, 8); // consume the wake-up (non-blocking)
        }
        int events = 0;
        for (int i = 0; i < sockets; i++)
        {
            final int revents = pollfd.revents(entries[i]);
            final int bits = ((revents & POLLIN) != 0 ? READABLE : 0) | ((revents & ERROR_EVENTS) != 0 ? ERROR : 0);
            events |= bits << (i * BITS_PER_SOCKET);
        }
        return events;
    }

    /** Makes the current or next {@link #await} return. Any thread. */
    public void wake()
    {
        Syscalls.write(wakeState, eventFd, wakeCounter, 8);
    }

    @Override
    public void close()
    {
        Syscalls.close(eventFd);
    }
}
