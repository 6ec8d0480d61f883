package org.panacan;

/**
 * The transmit queue stayed full (ENOBUFS, or EAGAIN on a full socket buffer) until the send timeout expired. The
 * frame (or, for a batch, every frame from {@link #framesSent()} on) was not sent.
 */
public final class TransmitTimeoutException extends CanException
{
    private static final long serialVersionUID = 1L;

    private final int framesSent;

    public TransmitTimeoutException(final String message, final String syscall, final int errno,
        final String errnoName, final int framesSent)
    {
        super(message, syscall, errno, errnoName);
        this.framesSent = framesSent;
    }

    /** For batched sends: how many frames of the batch did go out before the timeout. */
    public int framesSent()
    {
        return framesSent;
    }
}
