package org.panacan.bcm;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.HeapFrame;
import org.panacan.ReadableFrame;
import org.panacan.TimestampSource;

/**
 * What a {@link Watch} saw: a change ({@code RX_CHANGED}), a silence ({@code RX_TIMEOUT}) or the end of one. A
 * flyweight: the instance handed to a {@link WatchListener} is reused after the call, unless it came from
 * {@link #copy()}.
 */
public final class WatchEvent
{
    /** What happened. */
    public enum Kind
    {
        /** The first frame of the id, or one whose data changed under the mask; {@link #frame()} holds it. */
        CHANGED,
        /** No frame of the id for the watch's timeout: the sender went silent (or never spoke). */
        TIMEOUT,
        /** The first frame after a {@link #TIMEOUT}: the sender is back; {@link #frame()} holds it. */
        RESUMED
    }

    private final HeapFrame frame = new HeapFrame();
    private Kind kind;
    private Watch watch;
    private long timestampNanos;

    WatchEvent()
    {
    }

    public Kind kind()
    {
        return kind;
    }

    /** The watch that saw it. */
    public Watch watch()
    {
        return watch;
    }

    /**
     * When it happened, ns since the epoch: for {@link Kind#CHANGED} and {@link Kind#RESUMED} the receive stamp of
     * the frame (the kernel's, on SocketCAN), for {@link Kind#TIMEOUT} the kernel's stamp of the event.
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /** The frame of a {@link Kind#CHANGED} or {@link Kind#RESUMED} event (lent like the event), else {@code null}. */
    public ReadableFrame frame()
    {
        return kind == Kind.TIMEOUT ? null : frame;
    }

    /** A copy that outlives the call that lent this event (allocates). */
    public WatchEvent copy()
    {
        final WatchEvent copy = new WatchEvent();
        copy.copyFrom(this);
        return copy;
    }

    void copyFrom(final WatchEvent other)
    {
        setHeader(other.kind, other.watch, other.timestampNanos);
        frame.set(other.frame);
    }

    /** Fills a TIMEOUT. */
    void setTimeout(final Watch watch, final long timestampNanos, final TimestampSource source)
    {
        setHeader(Kind.TIMEOUT, watch, timestampNanos);
        frame.clear().timestamp(timestampNanos, source);
    }

    /** Fills a CHANGED or RESUMED from a kernel frame in native memory. */
    void setFrame(final Kind kind, final Watch watch, final long timestampNanos, final TimestampSource source,
        final int id, final int flags, final int length, final int len8Dlc, final int interfaceIndex,
        final MemorySegment payload, final long payloadOffset)
    {
        setHeader(Objects.requireNonNull(kind), watch, timestampNanos);
        frame.set(id, flags, length, len8Dlc).timestamp(timestampNanos, source).interfaceIndex(interfaceIndex)
            .readData(payload, payloadOffset);
    }

    /** Fills a CHANGED or RESUMED from a frame, without its receive metadata flags. */
    void setFrame(final Kind kind, final Watch watch, final ReadableFrame source)
    {
        setHeader(Objects.requireNonNull(kind), watch, source.timestampNanos());
        frame.set(source).flags(source.flags() & FrameFlags.WIRE_MASK);
    }

    private void setHeader(final Kind kind, final Watch watch, final long timestampNanos)
    {
        this.kind = kind;
        this.watch = watch;
        this.timestampNanos = timestampNanos;
    }

    @Override
    public String toString()
    {
        return "WatchEvent[" + kind + (kind == Kind.TIMEOUT ? "" : " " + CanFrame.copyOf(frame)) + " at "
            + timestampNanos + "]";
    }
}
