package org.panacan;

/** The interface is down (ENETDOWN): bring it up ({@code ip link set dev can0 up}) and retry. */
public final class NetworkDownException extends CanException
{
    private static final long serialVersionUID = 1L;

    private final String interfaceName;

    public NetworkDownException(final String interfaceName, final String message, final String syscall,
        final int errno, final String errnoName)
    {
        super(message, syscall, errno, errnoName);
        this.interfaceName = interfaceName;
    }

    /** The interface that is down. */
    public String interfaceName()
    {
        return interfaceName;
    }
}
