package org.panacan.isotp;

/** A consecutive frame arrived out of sequence; the reception was abandoned. */
public final class WrongSequenceNumberException extends IsoTpException
{
    private static final long serialVersionUID = 1L;

    public WrongSequenceNumberException(final String message)
    {
        super(IsoTpError.WRONG_SEQUENCE_NUMBER, message);
    }
}
