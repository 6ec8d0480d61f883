package org.panacan;

/** The bus (or ISO-TP channel) was closed, before or during the call. */
public final class BusClosedException extends CanException
{
    private static final long serialVersionUID = 1L;

    public BusClosedException(final String what)
    {
        super(what + " is closed");
    }
}
