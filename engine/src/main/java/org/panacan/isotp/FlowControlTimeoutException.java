package org.panacan.isotp;

/** The receiver sent no flow control within N_Bs; the transfer was abandoned. */
public final class FlowControlTimeoutException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public FlowControlTimeoutException(final String message)
    {
        super(IsoTpError.FLOW_CONTROL_TIMEOUT, message);
    }
}
