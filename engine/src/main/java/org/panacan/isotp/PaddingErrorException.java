package org.panacan.isotp;

/** A received frame broke the configured padding checks, or a flow control frame was too short. */
public final class PaddingErrorException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public PaddingErrorException(final String message)
    {
        super(IsoTpError.PADDING_ERROR, message);
    }
}
