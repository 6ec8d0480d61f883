package org.panacan.isotp.java;

import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameBatch;
import org.panacan.FrameFlags;

/**
 * The {@link FrameSink} of a pure-Java channel: its own raw bus, one {@code write} per frame or one
 * {@code sendmmsg} per batch. Guarded by the channel's protocol lock; keeps the cause of the last refusal.
 */
final class BusSink implements FrameSink
{
    private static final int CAN_EFF_MASK = 0x1FFF_FFFF;
    private static final int BATCH = 256;

    private final CanBus bus;
    private final FrameBatch batch;
    private final int linkFlags;
    private final long timeoutNanos;
    private CanException failure;

    BusSink(final CanBus bus, final boolean fd, final boolean bitRateSwitch, final long timeoutNanos)
        throws CanException
    {
        this.bus = bus;
        this.batch = bus.newBatch(BATCH);
        this.linkFlags = fd ? FrameFlags.FD | (bitRateSwitch ? FrameFlags.BRS : 0) : 0;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public boolean send(final int idWord, final byte[] frame, final int length)
    {
        try
        {
            bus.send(idWord & CAN_EFF_MASK, flags(idWord), frame, 0, length, timeoutNanos);
            return true;
        }
        catch (final CanException ex)
        {
            failure = ex;
            return false;
        }
    }

    @Override
    public int batchCapacity()
    {
        return BATCH;
    }

    @Override
    public void add(final int idWord, final byte[] frame, final int length)
    {
        batch.add(idWord & CAN_EFF_MASK, flags(idWord), frame, 0, length);
    }

    @Override
    public boolean flush()
    {
        try
        {
            bus.send(batch, timeoutNanos);
            return true;
        }
        catch (final CanException ex)
        {
            failure = ex;
            return false;
        }
        finally
        {
            batch.clear();
        }
    }

    /** The cause of the last refused frame, cleared by reading it. */
    CanException takeFailure()
    {
        final CanException cause = failure;
        failure = null;
        return cause;
    }

    private int flags(final int idWord)
    {
        return idWord < 0 ? linkFlags | FrameFlags.EXTENDED : linkFlags;
    }
}
