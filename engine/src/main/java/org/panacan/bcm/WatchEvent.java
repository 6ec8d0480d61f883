package org.panacan.bcm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

import org.panacan.CanFrame;
import org.panacan.FrameFlags;
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

    private final EventFrame frame = new EventFrame();
    private final byte[] data = new byte[org.panacan.Dlc.MAX_FD_LENGTH];
    private Kind kind;
    private Watch watch;
    private long timestampNanos;
    private TimestampSource timestampSource = TimestampSource.NONE;
    private int id;
    private int flags;
    private int length;
    private int len8Dlc;
    private int interfaceIndex;

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
        kind = other.kind;
        watch = other.watch;
        timestampNanos = other.timestampNanos;
        timestampSource = other.timestampSource;
        id = other.id;
        flags = other.flags;
        length = other.length;
        len8Dlc = other.len8Dlc;
        interfaceIndex = other.interfaceIndex;
        System.arraycopy(other.data, 0, data, 0, other.kind == Kind.TIMEOUT ? 0 : dataLength());
    }

    /** Fills a TIMEOUT. */
    void setTimeout(final Watch watch, final long timestampNanos, final TimestampSource source)
    {
        this.kind = Kind.TIMEOUT;
        this.watch = watch;
        this.timestampNanos = timestampNanos;
        this.timestampSource = source;
        this.length = 0;
    }

    /** Fills a CHANGED or RESUMED from a kernel frame in native memory. */
    void setFrame(final Kind kind, final Watch watch, final long timestampNanos, final TimestampSource source,
        final int id, final int flags, final int length, final int len8Dlc, final int interfaceIndex,
        final MemorySegment payload, final long payloadOffset)
    {
        setHeader(kind, watch, timestampNanos, source, id, flags, length, len8Dlc, interfaceIndex);
        MemorySegment.copy(payload, ValueLayout.JAVA_BYTE, payloadOffset, data, 0, dataLength());
    }

    /** Fills a CHANGED or RESUMED from a frame. */
    void setFrame(final Kind kind, final Watch watch, final ReadableFrame source)
    {
        setHeader(kind, watch, source.timestampNanos(), source.timestampSource(), source.id(),
            source.flags() & FrameFlags.WIRE_MASK, source.length(), source.len8Dlc(), source.interfaceIndex());
        source.copyData(data, 0);
    }

    private void setHeader(final Kind kind, final Watch watch, final long timestampNanos,
        final TimestampSource source, final int id, final int flags, final int length, final int len8Dlc,
        final int interfaceIndex)
    {
        this.kind = Objects.requireNonNull(kind);
        this.watch = watch;
        this.timestampNanos = timestampNanos;
        this.timestampSource = source;
        this.id = id;
        this.flags = flags;
        this.length = length;
        this.len8Dlc = len8Dlc;
        this.interfaceIndex = interfaceIndex;
    }

    private int dataLength()
    {
        return (flags & FrameFlags.REMOTE) != 0 ? 0 : Math.min(length, data.length);
    }

    @Override
    public String toString()
    {
        return "WatchEvent[" + kind + (kind == Kind.TIMEOUT ? "" : " " + CanFrame.copyOf(frame)) + " at "
            + timestampNanos + "]";
    }

    /** The frame part of the event, as a {@link ReadableFrame}. */
    private final class EventFrame implements ReadableFrame
    {
        @Override
        public int id()
        {
            return id;
        }

        @Override
        public int flags()
        {
            return flags;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public byte data(final int index)
        {
            return data[Objects.checkIndex(index, dataLength())];
        }

        @Override
        public int copyData(final byte[] dst, final int offset)
        {
            final int count = dataLength();
            System.arraycopy(data, 0, dst, offset, count);
            return count;
        }

        @Override
        public int copyData(final MemorySegment dst, final long offset)
        {
            final int count = dataLength();
            MemorySegment.copy(data, 0, dst, ValueLayout.JAVA_BYTE, offset, count);
            return count;
        }

        @Override
        public int len8Dlc()
        {
            return len8Dlc;
        }

        @Override
        public long timestampNanos()
        {
            return timestampNanos;
        }

        @Override
        public TimestampSource timestampSource()
        {
            return timestampSource;
        }

        @Override
        public int interfaceIndex()
        {
            return interfaceIndex;
        }

        @Override
        public String toString()
        {
            return CanFrame.copyOf(this).toString();
        }
    }
}
