package org.panacan.isotp;

import org.panacan.CanException;

/**
 * A send did not complete within its send timeout: the previous transfer still ran, or this one did not finish. The
 * pure-Java backend abandons the transfer; a kernel transfer already handed to the kernel finishes or fails there.
 */
public final class TransferTimeoutException extends CanException
{
    private static final long serialVersionUID = 1L;

    public TransferTimeoutException(final String message)
    {
        super(message);
    }
}
