package org.panacan.isotp;

/** The sender's next consecutive frame did not arrive within N_Cr; the reception was abandoned. */
public final class ConsecutiveFrameTimeoutException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public ConsecutiveFrameTimeoutException(final String message)
    {
        super(IsoTpError.CONSECUTIVE_FRAME_TIMEOUT, message);
    }
}
