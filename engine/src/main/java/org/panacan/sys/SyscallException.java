package org.panacan.sys;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.NetworkDownException;
import org.panacan.NoSuchInterfaceException;

/**
 * errno → exception: picks the {@link CanException} subtype a caller can act on and writes a message that names the
 * call, its subject and the errno, e.g. {@code bind(vcan9): ENODEV (No such device)}.
 */
public final class SyscallException
{
    /** strerror texts, filled on first use (cold path only). */
    private static final AtomicReferenceArray<String> MESSAGES = new AtomicReferenceArray<>(256);

    private SyscallException()
    {
    }

    /**
     * The exception for {@code syscall} failing with {@code errno}.
     *
     * @param subject what the call was about: an interface name, an option, a file descriptor's role
     */
    public static CanException of(final String syscall, final int errno, final String subject)
    {
        return of(syscall, errno, subject, null);
    }

    /**
     * As {@link #of(String, int, String)}, with {@code detail} (what the kernel added, such as a netlink extended
     * ack, or what to do about it) appended to the message; {@code null} adds nothing.
     */
    public static CanException of(final String syscall, final int errno, final String subject, final String detail)
    {
        final String name = Errno.name(errno);
        final String message = syscall + "(" + subject + "): " + name + " (" + describe(errno) + ")"
            + (detail == null ? "" : ": " + detail);
        return switch (errno)
        {
            case Errno.ENODEV, Errno.ENXIO -> new NoSuchInterfaceException(subject,
                message + ": no CAN interface named '" + subject + "'", syscall, errno, name);
            case Errno.ENETDOWN -> new NetworkDownException(subject,
                message + ": interface '" + subject + "' is down", syscall, errno, name);
            case Errno.EBADF -> new BusClosedException(subject + " (" + message + ")");
            default -> new CanException(message, syscall, errno, name);
        };
    }

    /** The C library's text for {@code errno}, cached. */
    public static String describe(final int errno)
    {
        if (errno <= 0 || errno >= MESSAGES.length())
        {
            return Syscalls.strerror(errno);
        }
        String text = MESSAGES.get(errno);
        if (text == null)
        {
            text = Syscalls.strerror(errno);
            MESSAGES.set(errno, text);
        }
        return text;
    }
}
