package org.panacan;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A mutable frame over a heap array of {@link Dlc#MAX_FD_LENGTH} bytes: keeps a lent frame (a {@link FrameView}, a
 * watch event) past the call that lent it. One instance set again and again allocates nothing, where
 * {@link CanFrame#copyOf} allocates per frame.
 *
 * <p>Not thread-safe. Equal only to itself, as its content changes; {@link CanFrame#copyOf} gives a value.
 */
public final class HeapFrame implements ReadableFrame
{
    private final byte[] data = new byte[Dlc.MAX_FD_LENGTH];
    private int id;
    private int flags;
    private int length;
    private int len8Dlc;
    private long timestampNanos;
    private TimestampSource timestampSource = TimestampSource.NONE;
    private int interfaceIndex;

    /** Copies every field of {@code frame}, its payload included. */
    public HeapFrame set(final ReadableFrame frame)
    {
        set(frame.id(), frame.flags(), frame.length(), frame.len8Dlc());
        timestamp(frame.timestampNanos(), frame.timestampSource());
        interfaceIndex = frame.interfaceIndex();
        frame.copyData(data, 0);
        return this;
    }

    /**
     * Sets the wire fields and leaves the payload as {@link #dataBuffer()} holds it, so that a parser may write the
     * payload first. Fails when {@code length} exceeds the buffer.
     */
    public HeapFrame set(final int id, final int flags, final int length, final int len8Dlc)
    {
        if (length < 0 || length > data.length)
        {
            throw new IllegalArgumentException("frame length " + length + " is not within 0.." + data.length);
        }
        this.id = id;
        this.flags = flags;
        this.length = length;
        this.len8Dlc = len8Dlc;
        return this;
    }

    /** Replaces all {@link FrameFlags} bits: to drop receive metadata, or to mark where the frame came from. */
    public HeapFrame flags(final int flags)
    {
        this.flags = flags;
        return this;
    }

    public HeapFrame timestamp(final long nanos, final TimestampSource source)
    {
        this.timestampNanos = nanos;
        this.timestampSource = Objects.requireNonNull(source, "source");
        return this;
    }

    public HeapFrame interfaceIndex(final int interfaceIndex)
    {
        this.interfaceIndex = interfaceIndex;
        return this;
    }

    /** Reads the payload ({@link #length()} bytes, none for a remote frame) from native memory, as a kernel frame. */
    public HeapFrame readData(final MemorySegment src, final long offset)
    {
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, offset, data, 0, payloadLength());
        return this;
    }

    /** The payload buffer itself (64 bytes), for parsers to write into; {@link #length()} says how much counts. */
    public byte[] dataBuffer()
    {
        return data;
    }

    /** Back to an empty classic frame without metadata. The buffer keeps its bytes; length 0 hides them. */
    public HeapFrame clear()
    {
        set(0, 0, 0, 0);
        timestamp(0, TimestampSource.NONE);
        interfaceIndex = 0;
        return this;
    }

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
        return data[Objects.checkIndex(index, payloadLength())];
    }

    @Override
    public int copyData(final byte[] dst, final int offset)
    {
        final int count = payloadLength();
        System.arraycopy(data, 0, dst, offset, count);
        return count;
    }

    @Override
    public int copyData(final MemorySegment dst, final long offset)
    {
        final int count = payloadLength();
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

    /** cansend-like text, as {@link CanFrame#toString()} (allocates). */
    @Override
    public String toString()
    {
        return CanFrame.copyOf(this).toString();
    }

    private int payloadLength()
    {
        return isRemote() ? 0 : length;
    }
}
