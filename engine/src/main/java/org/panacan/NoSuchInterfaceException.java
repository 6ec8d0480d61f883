package org.panacan;

/** The named network interface does not exist (ENODEV / ENXIO), or is not a CAN interface. */
public final class NoSuchInterfaceException extends CanException
{
    private static final long serialVersionUID = 1L;

    private final String interfaceName;

    public NoSuchInterfaceException(final String interfaceName, final String message, final String syscall,
        final int errno, final String errnoName)
    {
        super(message, syscall, errno, errnoName);
        this.interfaceName = interfaceName;
    }

    /** The interface that was asked for. */
    public String interfaceName()
    {
        return interfaceName;
    }
}
