package org.panacan.isotp;

/** The receiver sent more consecutive FC.WAIT frames than wftmax allows; the transfer was abandoned. */
public final class TooManyWaitFramesException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public TooManyWaitFramesException(final String message)
    {
        super(IsoTpError.TOO_MANY_WAIT_FRAMES, message);
    }
}
