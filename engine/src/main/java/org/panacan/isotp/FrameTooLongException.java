package org.panacan.isotp;

/** A first frame announced a PDU longer than the max PDU length; it was refused with FC.OVFLW. */
public final class FrameTooLongException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public FrameTooLongException(final String message)
    {
        super(IsoTpError.FRAME_TOO_LONG, message);
    }
}
