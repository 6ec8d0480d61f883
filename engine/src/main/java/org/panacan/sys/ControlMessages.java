package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

import org.panacan.bindings.gen.LinuxCan;

/**
 * Reads the ancillary data {@code recvmsg} returns for a CAN socket: the receive timestamp and the
 * {@code SO_RXQ_OVFL} drop counter. {@code CMSG_FIRSTHDR} / {@code CMSG_NXTHDR} / {@code CMSG_DATA} are C macros
 * that jextract cannot generate, so their arithmetic lives here: headers are {@code struct cmsghdr}
 * ({@code size_t cmsg_len; int cmsg_level; int cmsg_type;}), each message is padded to 8 bytes.
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
        timestampNanos = 0;
        hardwareStamp = false;
        dropCount = -1;
        long cursor = offset;
        final long end = offset + length;
        while (cursor + HEADER_LENGTH <= end)
        {
            final long messageLength = area.get(JAVA_LONG, cursor);
            if (messageLength < HEADER_LENGTH || cursor + messageLength > end)
            {
                break; // truncated (MSG_CTRUNC) or malformed: keep what was read
            }
            if (area.get(JAVA_INT, cursor + LEVEL_OFFSET) == SOL_SOCKET)
            {
                read(area, cursor + HEADER_LENGTH, area.get(JAVA_INT, cursor + TYPE_OFFSET));
            }
            cursor += align(messageLength);
        }
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
            dropCount = area.get(JAVA_INT, data) & 0xFFFF_FFFFL;
        }
    }

    private static long timespecNanos(final MemorySegment area, final long offset)
    {
        return area.get(JAVA_LONG, offset) * NANOS_PER_SECOND + area.get(JAVA_LONG, offset + 8);
    }

    /** {@code CMSG_ALIGN}: rounds up to the size of {@code size_t}. */
    public static long align(final long length)
    {
        return (length + 7) & ~7L;
    }
}
