package org.panacan.bcm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;

import org.panacan.CanException;
import org.panacan.FrameFlags;
import org.panacan.TimestampSource;
import org.panacan.sys.BcmMessage;
import org.panacan.sys.KernelFrames;

/** A watch the kernel's Broadcast Manager keeps: one RX op on the bus's BCM socket. */
final class KernelWatch extends WatchBase
{
    private final BcmSocket socket;
    private final int canIdWord;
    private final int flags;

    KernelWatch(final BcmSession session, final int id, final WatchOptions options, final WatchListener listener,
        final BcmSocket socket)
    {
        super(session, id, options, OpTable.key(canIdWord(id, options), options.fd()), listener);
        this.socket = socket;
        this.canIdWord = canIdWord(id, options);
        this.flags = bcmFlags(options);
    }

    /** The op's {@code can_id}: the id with EFF, plus RTR for a remote-reply watch (the kernel matches on it). */
    static int canIdWord(final int id, final WatchOptions options)
    {
        return KernelFrames.canIdWord(id, (options.extended() ? FrameFlags.EXTENDED : 0)
            | (options.mode() == WatchOptions.Mode.REMOTE_REPLY ? FrameFlags.REMOTE : 0));
    }

    /** The RX_SETUP flags for {@code options}. */
    static int bcmFlags(final WatchOptions options)
    {
        int flags = options.fd() ? BcmMessage.CAN_FD_FRAME : 0;
        if (options.checkLength())
        {
            flags |= BcmMessage.RX_CHECK_DLC;
        }
        switch (options.mode())
        {
            case EVERY_FRAME -> flags |= BcmMessage.RX_FILTER_ID;
            case REMOTE_REPLY -> flags |= BcmMessage.RX_RTR_FRAME;
            default ->
            {
            }
        }
        if (options.timeout() != null || options.throttle() != null)
        {
            flags |= BcmMessage.SETTIMER;
        }
        if (options.timeout() != null)
        {
            flags |= BcmMessage.STARTTIMER | BcmMessage.RX_ANNOUNCE_RESUME;
        }
        return flags;
    }

    /** Sets the op up in the kernel. */
    void start() throws CanException
    {
        socket.rxSetup(canIdWord, options);
    }

    @Override
    void release() throws CanException
    {
        socket.rxDelete(canIdWord, flags);
    }

    /** RX_CHANGED: the frame is at {@code offset} of {@code events}. BCM thread. */
    void onChanged(final MemorySegment events, final long offset, final boolean fd, final long timestampNanos,
        final int interfaceIndex)
    {
        final int word = events.get(JAVA_INT, offset + KernelFrames.CAN_ID_OFFSET);
        int frameFlags = (word & KernelFrames.CAN_EFF_FLAG) != 0 ? FrameFlags.EXTENDED : 0;
        frameFlags |= (word & KernelFrames.CAN_RTR_FLAG) != 0 ? FrameFlags.REMOTE : 0;
        int len8Dlc = 0;
        if (fd)
        {
            final int fdFlags = events.get(JAVA_BYTE, offset + KernelFrames.FD_FLAGS_OFFSET);
            frameFlags |= FrameFlags.FD | ((fdFlags & KernelFrames.CANFD_BRS) != 0 ? FrameFlags.BRS : 0)
                | ((fdFlags & KernelFrames.CANFD_ESI) != 0 ? FrameFlags.ESI : 0);
        }
        else
        {
            len8Dlc = events.get(JAVA_BYTE, offset + KernelFrames.LEN8_DLC_OFFSET) & 0xFF;
        }
        final int length = events.get(JAVA_BYTE, offset + KernelFrames.LEN_OFFSET) & 0xFF;
        changed(timestampNanos, TimestampSource.SOFTWARE, KernelFrames.id(word), frameFlags, length, len8Dlc,
            interfaceIndex, events, offset + KernelFrames.DATA_OFFSET);
    }

    /** RX_TIMEOUT. BCM thread. */
    void onTimeout(final long timestampNanos)
    {
        timedOut(timestampNanos, TimestampSource.SOFTWARE);
    }
}
