package org.panacan.log;

import java.lang.foreign.MemorySegment;

import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.HeapFrame;
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
    /** Held, not extended: extending would make its setters public on this class. */
    private final HeapFrame frame = new HeapFrame();
    private String interfaceName = "";
    private boolean directionMarked;
    private int fdFlagsNibble = -1;
    private int lineNumber;

    @Override
    public int id()
    {
        return frame.id();
    }

    @Override
    public int flags()
    {
        return frame.flags();
    }

    @Override
    public int length()
    {
        return frame.length();
    }

    @Override
    public byte data(final int index)
    {
        return frame.data(index);
    }

    @Override
    public int copyData(final byte[] dst, final int offset)
    {
        return frame.copyData(dst, offset);
    }

    @Override
    public int copyData(final MemorySegment dst, final long offset)
    {
        return frame.copyData(dst, offset);
    }

    @Override
    public int len8Dlc()
    {
        return frame.len8Dlc();
    }

    /** When the frame was logged, in nanoseconds since the epoch (candump logs carry microseconds). */
    @Override
    public long timestampNanos()
    {
        return frame.timestampNanos();
    }

    /** {@link TimestampSource#SOFTWARE}, what candump records by default, or NONE for a zero stamp. */
    @Override
    public TimestampSource timestampSource()
    {
        return frame.timestampSource();
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
        final CanFrame.Builder builder = CanFrame.builder().id(id()).flags(flags()).len8Dlc(len8Dlc())
            .timestamp(timestampNanos(), timestampSource())
            .interfaceName(interfaceName.isEmpty() ? null : interfaceName);
        return isRemote() ? builder.remote(length()).build() : builder.data(frame.dataCopy()).build();
    }

    /** The candump log line of this frame, without the line feed. */
    @Override
    public String toString()
    {
        return CandumpFormat.DEFAULT.format(this, interfaceName, timestampNanos());
    }

    // ------------------------------------------------------------------------------------ filled in by the readers

    void clear()
    {
        frame.clear();
        directionMarked = false;
        fdFlagsNibble = -1;
    }

    void frame(final int id, final int flags, final int length, final int len8Dlc)
    {
        frame.set(id, flags, length, len8Dlc);
    }

    /** The payload buffer (64 bytes) the parsers write into. */
    byte[] dataBuffer()
    {
        return frame.dataBuffer();
    }

    void fdFlagsNibble(final int nibble)
    {
        fdFlagsNibble = nibble;
    }

    void timestampNanos(final long timestampNanos)
    {
        frame.timestamp(timestampNanos, timestampNanos == 0 ? TimestampSource.NONE : TimestampSource.SOFTWARE);
    }

    void interfaceName(final String interfaceName)
    {
        this.interfaceName = interfaceName;
    }

    void localOrigin(final boolean local)
    {
        directionMarked = true;
        frame.flags(local ? flags() | FrameFlags.LOCAL : flags() & ~FrameFlags.LOCAL);
    }

    void lineNumber(final int lineNumber)
    {
        this.lineNumber = lineNumber;
    }
}
