package org.panacan.isotp;

/** A flow control frame carried a reserved flow status; the transfer was abandoned. */
public final class UnexpectedFlowControlException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public UnexpectedFlowControlException(final String message)
    {
        super(IsoTpError.UNEXPECTED_FLOW_CONTROL, message);
    }
}
