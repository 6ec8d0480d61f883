package org.panacan;

import java.io.IOException;

/**
 * A CAN operation failed. Carries the system call and errno when the kernel said no, so that the message reads
 * like {@code bind(vcan9): ENODEV (No such device)}.
 */
public class CanException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;
    private final String errnoName;

    /** A failure that did not come from a system call. */
    public CanException(final String message)
    {
        this(message, null, 0, null, null);
    }

    public CanException(final String message, final Throwable cause)
    {
        this(message, null, 0, null, cause);
    }

    /**
     * A failed system call.
     *
     * @param message   the full message
     * @param syscall   the call that failed, e.g. {@code "bind"}
     * @param errno     its errno
     * @param errnoName the symbolic errno, e.g. {@code "ENODEV"}
     */
    public CanException(final String message, final String syscall, final int errno, final String errnoName)
    {
        this(message, syscall, errno, errnoName, null);
    }

    protected CanException(
        final String message, final String syscall, final int errno, final String errnoName, final Throwable cause)
    {
        super(message, cause);
        this.syscall = syscall;
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /** The system call that failed, or {@code null}. */
    public String syscall()
    {
        return syscall;
    }

    /** The errno, or 0 when no system call failed. */
    public int errno()
    {
        return errno;
    }

    /** The symbolic errno such as {@code "ENOBUFS"}, or {@code null}. */
    public String errnoName()
    {
        return errnoName;
    }
}
