package org.panacan.log;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

import org.panacan.CanFrame;
import org.panacan.Dlc;
import org.panacan.FrameFlags;
import org.panacan.ReadableFrame;
import org.panacan.TimestampSource;

/**
 * One frame of a log with where and when it was seen: the timestamp, the interface name and, when the log has one,
 * the direction marker ({@code R} / {@code T}, candump {@code -x}; {@code Rx} / {@code Tx} in ASC).
 *
 * <p>A {@link FrameLogReader} reuses one instance for every line it reads, so reading allocates nothing per frame;
 * {@link #toFrame()} makes a copy that outlives the next read. A {@code T} marker (sent from this host) is the
 * {@link FrameFlags#LOCAL} bit, as candump derives it from {@code MSG_DONTROUTE}.
 */
public final class LoggedFrame implements ReadableFrame
{
    private final byte[] data = new byte[Dlc.MAX_FD_LENGTH];
    private int id;
    private int flags;
    private int length;
    private int len8Dlc;
    private long timestampNanos;
    private String interfaceName = "";
    private boolean directionMarked;
    private int fdFlagsNibble = -1;
    private int lineNumber;

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

    /** When the frame was logged, in nanoseconds since the epoch (candump logs carry microseconds). */
    @Override
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /** {@link TimestampSource#SOFTWARE}, what candump records by default, or NONE for a zero stamp. */
    @Override
    public TimestampSource timestampSource()
    {
        return timestampNanos == 0 ? TimestampSource.NONE : TimestampSource.SOFTWARE;
    }

    /** Always 0: a log names interfaces, it does not know their indexes on this host. */
    @Override
    public int interfaceIndex()
    {
        return 0;
    }

    /** The interface the frame was logged on ({@code can0}; for ASC channel 1 this is {@code can0}). */
    public String interfaceName()
    {
        return interfaceName;
    }

    /** Whether the line carried a direction marker; if so, {@link #isLocalOrigin()} says which. */
    public boolean hasDirectionMarker()
    {
        return directionMarked;
    }

    /**
     * A CAN FD frame's flags nibble exactly as the log wrote it ({@code 5} for {@code 123##5..}: BRS and FDF), so
     * that a log is rewritten byte for byte; -1 when the log did not give one (ASC, classic frames).
     */
    public int fdFlagsNibble()
    {
        return fdFlagsNibble;
    }

    /** The line the frame was read from, counted from 1. */
    public int lineNumber()
    {
        return lineNumber;
    }

    /** A copy with the interface name (if any) and timestamp that outlives the next read. Allocates. */
    public CanFrame toFrame()
    {
        final CanFrame.Builder builder = CanFrame.builder().id(id).flags(flags).len8Dlc(len8Dlc)
            .timestamp(timestampNanos, timestampSource())
            .interfaceName(interfaceName.isEmpty() ? null : interfaceName);
        if (isRemote())
        {
            builder.remote(length);
        }
        else
        {
            builder.data(java.util.Arrays.copyOf(data, length));
        }
        return builder.build();
    }

    /** The candump log line of this frame, without the line feed. */
    @Override
    public String toString()
    {
        return CandumpFormat.DEFAULT.format(this, interfaceName, timestampNanos);
    }

    // ------------------------------------------------------------------------------------ filled in by the readers

    void clear()
    {
        id = 0;
        flags = 0;
        length = 0;
        len8Dlc = 0;
        timestampNanos = 0;
        directionMarked = false;
        fdFlagsNibble = -1;
    }

    void frame(final int id, final int flags, final int length, final int len8Dlc)
    {
        this.id = id;
        this.flags = flags;
        this.length = length;
        this.len8Dlc = len8Dlc;
    }

    /** The payload buffer (64 bytes) the parsers write into. */
    byte[] dataBuffer()
    {
        return data;
    }

    void fdFlagsNibble(final int nibble)
    {
        fdFlagsNibble = nibble;
    }

    void timestampNanos(final long timestampNanos)
    {
        this.timestampNanos = timestampNanos;
    }

    void interfaceName(final String interfaceName)
    {
        this.interfaceName = interfaceName;
    }

    void localOrigin(final boolean local)
    {
        directionMarked = true;
        flags = local ? flags | FrameFlags.LOCAL : flags & ~FrameFlags.LOCAL;
    }

    void lineNumber(final int lineNumber)
    {
        this.lineNumber = lineNumber;
    }

    private int payloadLength()
    {
        return isRemote() ? 0 : length;
    }
}
