package org.panacan.isotp;

import org.panacan.CanException;

/**
 * An ISO-TP protocol failure. Subtypes name the failure ({@link #error()} as an enum), the same from the kernel and
 * the pure-Java backend; a message raised from a kernel errno names it.
 */
public abstract class IsoTpException extends CanException
{
    private static final long serialVersionUID = 1L;

    private final IsoTpError error;

    protected IsoTpException(final IsoTpError error, final String message)
    {
        super(message);
        this.error = error;
    }

    /** Which failure this is. */
    public IsoTpError error()
    {
        return error;
    }
}
