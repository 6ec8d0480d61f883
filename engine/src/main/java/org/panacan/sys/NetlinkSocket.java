package org.panacan.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.panacan.CanException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.iovec;
import org.panacan.bindings.gen.msghdr;
import org.panacan.bindings.gen.sockaddr_nl;

/**
 * A blocking {@code AF_NETLINK} / {@code NETLINK_ROUTE} socket that talks to the kernel (port 0): one request out,
 * its replies in. Extended acks are on ({@code NETLINK_EXT_ACK}), so that a refusal carries the kernel's reason,
 * and errors do not echo the request back ({@code NETLINK_CAP_ACK}).
 *
 * <p>Not thread-safe: one owner, who serialises requests and closes the socket before the arena.
 */
public final class NetlinkSocket implements AutoCloseable
{
    private static final int MSG_TRUNC = LinuxCan.MSG_TRUNC();

    private final int fd;
    private final MemorySegment kernel;
    private final MemorySegment message;
    private final MemorySegment iov;
    private final MemorySegment callState;

    /** Opens and binds the socket; the kernel picks the port id. */
    public NetlinkSocket(final Arena arena) throws CanException
    {
        this.kernel = arena.allocate(sockaddr_nl.layout());
        sockaddr_nl.nl_family(kernel, (short)LinuxCan.AF_NETLINK());
        this.message = arena.allocate(msghdr.layout());
        this.iov = arena.allocate(iovec.layout());
        this.callState = Syscalls.newCallState(arena);
        this.fd = Syscalls.socket(LinuxCan.AF_NETLINK(), LinuxCan.SOCK_RAW() | LinuxCan.SOCK_CLOEXEC(),
            LinuxCan.NETLINK_ROUTE(), "rtnetlink socket");
        try
        {
            Syscalls.setsockopt(fd, LinuxCan.SOL_NETLINK(), LinuxCan.NETLINK_EXT_ACK(), 1, "NETLINK_EXT_ACK");
            Syscalls.setsockopt(fd, LinuxCan.SOL_NETLINK(), LinuxCan.NETLINK_CAP_ACK(), 1, "NETLINK_CAP_ACK");
            Syscalls.bind(fd, kernel, "rtnetlink socket"); // nl_pid 0: the kernel assigns our port id
        }
        catch (final CanException | RuntimeException ex)
        {
            Syscalls.close(fd);
            throw ex;
        }
    }

    /** Sends the first {@code length} bytes of {@code request} to the kernel; throws naming {@code subject}. */
    public void send(final MemorySegment request, final int length, final String subject) throws CanException
    {
        while (true)
        {
            final long sent = Syscalls.sendto(callState, fd, request, length, 0, kernel, (int)kernel.byteSize());
            if (sent >= 0)
            {
                return;
            }
            final int errno = Syscalls.errno(callState);
            if (errno != Errno.EINTR)
            {
                throw SyscallException.of("sendto", errno, subject);
            }
        }
    }

    /**
     * Waits for the next datagram from the kernel and copies it into {@code buffer}.
     *
     * @return its length in bytes
     * @throws CanException when the call fails, or the datagram did not fit (nothing of it is usable then)
     */
    public int receive(final MemorySegment buffer, final String subject) throws CanException
    {
        iovec.iov_base(iov, buffer);
        iovec.iov_len(iov, buffer.byteSize());
        msghdr.msg_iov(message, iov);
        msghdr.msg_iovlen(message, 1);
        while (true)
        {
            msghdr.msg_flags(message, 0);
            final long received = Syscalls.recvmsg(callState, fd, message, 0);
            if (received >= 0)
            {
                if ((msghdr.msg_flags(message) & MSG_TRUNC) != 0)
                {
                    throw new CanException("recvmsg(" + subject + "): a netlink reply exceeded the "
                        + buffer.byteSize() + "-byte buffer");
                }
                return (int)received;
            }
            final int errno = Syscalls.errno(callState);
            if (errno != Errno.EINTR)
            {
                throw SyscallException.of("recvmsg", errno, subject);
            }
        }
    }

    @Override
    public void close()
    {
        Syscalls.close(fd);
    }
}
