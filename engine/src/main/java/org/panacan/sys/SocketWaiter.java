package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.panacan.CanException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.pollfd;
import org.panacan.bindings.gen.timespec;

/**
 * Sleeps in the kernel until a socket is readable, or until another thread calls {@link #wake()}: {@code ppoll} on
 * the socket and an {@code eventfd}. A thread blocked in {@code recvmmsg} cannot be woken (closing the fd does not
 * interrupt the call on Linux), so the engine never blocks in a receive call; it blocks here instead.
 *
 * <p>{@link #await} is called by one thread at a time (the bus's producer role); {@link #wake()} by any thread.
 * The eventfd stays readable until the waiter consumes the wake-up, so a wake before the wait is not lost.
 */
public final class SocketWaiter implements AutoCloseable
{
    private static final short POLLIN = (short)LinuxCan.POLLIN();
    private static final long POLLFD_SIZE = pollfd.layout().byteSize();

    private final int eventFd;
    private final MemorySegment fds;
    private final MemorySegment wakeFd;
    private final MemorySegment timeout;
    private final MemorySegment counter;
    private final MemorySegment callState;
    private final MemorySegment wakeCounter;
    private final MemorySegment wakeState;

    /**
     * @param arena owns the memory (the caller closes the eventfd with {@link #close()} before the arena)
     * @param socketFd the descriptor to wait on
     */
    public SocketWaiter(final Arena arena, final int socketFd) throws CanException
    {
        this.eventFd = Syscalls.eventfd(LinuxCan.EFD_NONBLOCK() | LinuxCan.EFD_CLOEXEC());
        this.fds = arena.allocate(POLLFD_SIZE * 2, 8);
        pollfd.fd(fds, socketFd);
        pollfd.events(fds, POLLIN);
        this.wakeFd = fds.asSlice(POLLFD_SIZE, POLLFD_SIZE);
        pollfd.fd(wakeFd, eventFd);
        pollfd.events(wakeFd, POLLIN);
        this.timeout = arena.allocate(timespec.layout());
        this.counter = arena.allocate(JAVA_LONG);
        this.callState = Syscalls.newCallState(arena);
        this.wakeCounter = arena.allocateFrom(JAVA_LONG, 1L);
        this.wakeState = Syscalls.newCallState(arena);
    }

    /**
     * Waits until the socket is readable (or has an error pending), a wake-up arrives, or {@code timeoutNanos}
     * passes (negative: no limit). Consumes a pending wake-up. Spurious returns are allowed.
     *
     * @return whether the socket reported readiness
     */
    public boolean await(final long timeoutNanos)
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
        pollfd.revents(fds, (short)0);
        final int ready = Syscalls.ppoll(callState, fds, 2, limit);
        if (ready <= 0)
        {
            return false; // timeout or EINTR: the caller re-checks its conditions
        }
        if (pollfd.revents(wakeFd) != 0)
        {
            Syscalls.read(callState, eventFd, counter, 8); // consume the wake-up (non-blocking)
        }
        return pollfd.revents(fds) != 0;
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
