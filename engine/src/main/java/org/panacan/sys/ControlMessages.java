package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.panacan.bindings.gen.LinuxCan;

/**
 * Reads the ancillary data {@code recvmsg} returns for a CAN socket: the receive timestamp and the
 * {@code SO_RXQ_OVFL} drop counter. {@code CMSG_FIRSTHDR} / {@code CMSG_NXTHDR} / {@code CMSG_DATA} are C macros
 * that jextract cannot generate, so their arithmetic lives here: headers are {@code struct cmsghdr}
 * ({@code size_t cmsg_len; int cmsg_level; int cmsg_type;}), each message is padded to 8 bytes.
 *
 * <p>The common case, one {@code SCM_TIMESTAMPNS} message and nothing else (the kernel adds {@code SO_RXQ_OVFL} to
 * every frame only once the socket has dropped one), is recognised by its length and header alone
 * ({@link #isLoneTimestamp}), without the walk. Fields are read with byte-aligned layouts: the kernel aligns every
 * message to 8 bytes, so the aligned layouts' check would only cost time.
 *
 * <p>One instance per receiving thread; {@link #parse} overwrites the fields, nothing is allocated.
 */
public final class ControlMessages
{
    /** Size of {@code struct cmsghdr}; the payload follows ({@code CMSG_DATA}). */
    public static final int HEADER_LENGTH = 16;
    private static final int LEVEL_OFFSET = 8;
    private static final int TYPE_OFFSET = 12;
    private static final int SOL_SOCKET = LinuxCan.SOL_SOCKET();
    private static final int SCM_TIMESTAMPNS = LinuxCan.SCM_TIMESTAMPNS();
    private static final int SCM_TIMESTAMPING = LinuxCan.SCM_TIMESTAMPING();
    private static final int SO_RXQ_OVFL = LinuxCan.SO_RXQ_OVFL();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final ValueLayout.OfLong LONG = JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = JAVA_INT_UNALIGNED;
    /** A lone SCM_TIMESTAMPNS: its header and a struct timespec. */
    private static final int LONE_TIMESTAMP_LENGTH = HEADER_LENGTH + 16;
    /** cmsg_level and cmsg_type of SCM_TIMESTAMPNS, read as the one long they are in memory. */
    private static final long LONE_TIMESTAMP_KEY = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        ? (long)SCM_TIMESTAMPNS << 32 | (SOL_SOCKET & 0xFFFF_FFFFL)
        : (long)SOL_SOCKET << 32 | (SCM_TIMESTAMPNS & 0xFFFF_FFFFL);
    /** {@code struct scm_timestamping}: ts[0] software, ts[1] legacy, ts[2] raw hardware; timespec = 16 B. */
    private static final int RAW_HARDWARE_STAMP_OFFSET = 32;

    /** Receive timestamp in ns since the epoch, 0 if none was present. */
    public long timestampNanos;
    /** Whether {@link #timestampNanos} is a hardware stamp. */
    public boolean hardwareStamp;
    /** The socket's cumulative drop count, or -1 when the message carried none. */
    public long dropCount;

    /**
     * Parses {@code length} bytes of control messages at {@code offset} in {@code area} (the
     * {@code CMSG_ALIGN}-walk of {@code CMSG_NXTHDR}).
     */
    public void parse(final MemorySegment area, final long offset, final int length)
    {
        hardwareStamp = false;
        dropCount = -1;
        if (isLoneTimestamp(area, offset, length))
        {
            timestampNanos = loneTimestamp(area, offset);
            return;
        }
        timestampNanos = 0;
        long cursor = offset;
        final long end = offset + length;
        while (cursor + HEADER_LENGTH <= end)
        {
            final long messageLength = area.get(LONG, cursor);
            if (messageLength < HEADER_LENGTH || cursor + messageLength > end)
            {
                break; // truncated (MSG_CTRUNC) or malformed: keep what was read
            }
            if (area.get(INT, cursor + LEVEL_OFFSET) == SOL_SOCKET)
            {
                read(area, cursor + HEADER_LENGTH, area.get(INT, cursor + TYPE_OFFSET));
            }
            cursor += align(messageLength);
        }
    }

    /** Whether the {@code length} bytes at {@code offset} are one SCM_TIMESTAMPNS message and nothing else. */
    public static boolean isLoneTimestamp(final MemorySegment area, final long offset, final int length)
    {
        return length == LONE_TIMESTAMP_LENGTH && area.get(LONG, offset) == LONE_TIMESTAMP_LENGTH
            && area.get(LONG, offset + LEVEL_OFFSET) == LONE_TIMESTAMP_KEY;
    }

    /** The stamp, in ns since the epoch, of the lone SCM_TIMESTAMPNS message at {@code offset}. */
    public static long loneTimestamp(final MemorySegment area, final long offset)
    {
        return timespecNanos(area, offset + HEADER_LENGTH);
    }

    private void read(final MemorySegment area, final long data, final int type)
    {
        if (type == SCM_TIMESTAMPNS)
        {
            timestampNanos = timespecNanos(area, data);
        }
        else if (type == SCM_TIMESTAMPING)
        {
            final long hardware = timespecNanos(area, data + RAW_HARDWARE_STAMP_OFFSET);
            final long software = timespecNanos(area, data);
            hardwareStamp = hardware != 0;
            if (hardwareStamp || software != 0)
            {
                timestampNanos = hardwareStamp ? hardware : software;
            } // else keep the SCM_TIMESTAMPNS stamp recvmsg made for an skb the stack left unstamped
        }
        else if (type == SO_RXQ_OVFL)
        {
            dropCount = area.get(INT, data) & 0xFFFF_FFFFL;
        }
    }

    private static long timespecNanos(final MemorySegment area, final long offset)
    {
        return area.get(LONG, offset) * NANOS_PER_SECOND + area.get(LONG, offset + 8);
    }

    /** {@code CMSG_ALIGN}: rounds up to the size of {@code size_t}. */
    public static long align(final long length)
    {
        return (length + 7) & ~7L;
    }
}
