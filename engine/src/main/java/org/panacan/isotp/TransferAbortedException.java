package org.panacan.isotp;

import org.panacan.CanException;

/** The transfer a send waited for was abandoned by {@link IsoTpChannel#stopSending()}, a new address, or stop. */
public final class TransferAbortedException extends CanException
{
    private static final long serialVersionUID = 1L;

    public TransferAbortedException(final String message)
    {
        super(message);
    }
}
