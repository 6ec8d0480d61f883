package org.panacan.isotp;

/** The receiver answered the first frame with FC.OVFLW: the PDU does not fit its buffer. */
public final class FlowControlOverflowException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public FlowControlOverflowException(final String message)
    {
        super(IsoTpError.FLOW_CONTROL_OVERFLOW, message);
    }
}
