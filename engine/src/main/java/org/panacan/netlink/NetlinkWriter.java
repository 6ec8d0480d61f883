package org.panacan.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.ifinfomsg;
import org.panacan.bindings.gen.nlmsghdr;
import org.panacan.bindings.gen.rtattr;

/**
 * Writes one netlink request into a buffer: the {@code struct nlmsghdr}, a {@code struct ifinfomsg}, then
 * {@code struct rtattr} attributes, nested ones included. The C macros that do this arithmetic ({@code NLMSG_ALIGN},
 * {@code NLMSG_LENGTH}, {@code RTA_ALIGN}, {@code RTA_LENGTH}, {@code NLMSG_TAIL}) cannot be generated, so here they
 * are in Java:
 *
 * <ul>
 * <li>every header and every attribute starts on a 4-byte boundary ({@code NLMSG_ALIGNTO}, {@code RTA_ALIGNTO});
 * padding bytes are zero;</li>
 * <li>{@code rta_len} is the 4-byte header plus the payload, without the trailing padding ({@code RTA_LENGTH});</li>
 * <li>a nested attribute's {@code rta_len} covers everything written inside it, padding of its last child
 * included (iproute2's {@code addattr_nest_end});</li>
 * <li>{@code nlmsg_len} is the aligned length of the whole message.</li>
 * </ul>
 *
 * The layout matches iproute2's byte for byte (nested attributes carry no {@code NLA_F_NESTED} flag, link kinds no
 * terminating NUL, as {@code ip link} sends them), which {@code LinkRequestsTest} checks against captures of
 * {@code ip}. Not thread-safe; reused per request.
 */
final class NetlinkWriter
{
    static final int ALIGNMENT = LinuxCan.NLMSG_ALIGNTO();
    static final int MESSAGE_HEADER_LENGTH = (int)nlmsghdr.layout().byteSize();
    static final int IFINFOMSG_LENGTH = (int)ifinfomsg.layout().byteSize();
    static final int ATTRIBUTE_HEADER_LENGTH = (int)rtattr.layout().byteSize();

    private static final long NLMSG_LEN = nlmsghdr.nlmsg_len$offset();
    private static final long NLMSG_TYPE = nlmsghdr.nlmsg_type$offset();
    private static final long NLMSG_FLAGS = nlmsghdr.nlmsg_flags$offset();
    private static final long NLMSG_SEQ = nlmsghdr.nlmsg_seq$offset();
    private static final long IFI_FAMILY = ifinfomsg.ifi_family$offset();
    private static final long IFI_TYPE = ifinfomsg.ifi_type$offset();
    private static final long IFI_INDEX = ifinfomsg.ifi_index$offset();
    private static final long IFI_FLAGS = ifinfomsg.ifi_flags$offset();
    private static final long IFI_CHANGE = ifinfomsg.ifi_change$offset();
    private static final long RTA_LEN = rtattr.rta_len$offset();
    private static final long RTA_TYPE = rtattr.rta_type$offset();

    private final MemorySegment buffer;
    private int position;

    NetlinkWriter(final MemorySegment buffer)
    {
        this.buffer = buffer;
    }

    /** {@code NLMSG_ALIGN} / {@code RTA_ALIGN}: rounds up to the next multiple of 4. */
    static int align(final int length)
    {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** The buffer the request is written into. */
    MemorySegment buffer()
    {
        return buffer;
    }

    /** Starts a message of {@code type} with {@code flags}; the length and sequence are set by {@link #finish}. */
    NetlinkWriter begin(final int type, final int flags)
    {
        position = 0;
        reserve(MESSAGE_HEADER_LENGTH);
        buffer.set(JAVA_SHORT, NLMSG_TYPE, (short)type);
        buffer.set(JAVA_SHORT, NLMSG_FLAGS, (short)flags);
        return this;
    }

    /** Appends a {@code struct ifinfomsg} (family {@code AF_UNSPEC}, type 0). */
    NetlinkWriter ifinfomsg(final int index, final int flags, final int change)
    {
        final long start = reserve(IFINFOMSG_LENGTH);
        buffer.set(JAVA_BYTE, start + IFI_FAMILY, (byte)LinuxCan.AF_UNSPEC());
        buffer.set(JAVA_SHORT, start + IFI_TYPE, (short)0);
        buffer.set(JAVA_INT, start + IFI_INDEX, index);
        buffer.set(JAVA_INT, start + IFI_FLAGS, flags);
        buffer.set(JAVA_INT, start + IFI_CHANGE, change);
        return this;
    }

    /** Appends a u8 attribute. */
    NetlinkWriter u8(final int type, final int value)
    {
        buffer.set(JAVA_BYTE, attribute(type, Byte.BYTES), (byte)value);
        return this;
    }

    /** Appends a u16 attribute. */
    NetlinkWriter u16(final int type, final int value)
    {
        buffer.set(JAVA_SHORT, attribute(type, Short.BYTES), (short)value);
        return this;
    }

    /** Appends a u32 attribute. */
    NetlinkWriter u32(final int type, final int value)
    {
        buffer.set(JAVA_INT, attribute(type, Integer.BYTES), value);
        return this;
    }

    /** Appends a NUL-terminated string attribute ({@code IFLA_IFNAME}). */
    NetlinkWriter string(final int type, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, attribute(type, bytes.length + 1), bytes.length);
        return this;
    }

    /** Appends a string attribute without terminating NUL, as iproute2 writes {@code IFLA_INFO_KIND}. */
    NetlinkWriter unterminated(final int type, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, attribute(type, bytes.length), bytes.length);
        return this;
    }

    /**
     * Appends an attribute with a {@code length}-byte zeroed payload for the caller to fill in.
     *
     * @return the payload's offset in {@link #buffer()}
     */
    long struct(final int type, final int length)
    {
        return attribute(type, length);
    }

    /**
     * Opens a nested attribute; everything appended until {@link #endNested} is inside it.
     *
     * @return the token to pass to {@link #endNested}
     */
    int beginNested(final int type)
    {
        final int start = position;
        attribute(type, 0);
        return start;
    }

    /** Closes the nested attribute opened at {@code start}: its length now covers its children. */
    NetlinkWriter endNested(final int start)
    {
        buffer.set(JAVA_SHORT, start + RTA_LEN, (short)(position - start));
        return this;
    }

    /**
     * Completes the message: writes its length and {@code sequence}.
     *
     * @return the number of bytes to send
     */
    int finish(final int sequence)
    {
        buffer.set(JAVA_INT, NLMSG_LEN, position);
        buffer.set(JAVA_INT, NLMSG_SEQ, sequence);
        return position;
    }

    private long attribute(final int type, final int payloadLength)
    {
        final int length = ATTRIBUTE_HEADER_LENGTH + payloadLength;
        final long start = reserve(length);
        buffer.set(JAVA_SHORT, start + RTA_LEN, (short)length);
        buffer.set(JAVA_SHORT, start + RTA_TYPE, (short)type);
        return start + ATTRIBUTE_HEADER_LENGTH;
    }

    /** Claims {@code length} bytes plus alignment padding, zeroed; returns where they start. */
    private long reserve(final int length)
    {
        final int start = position;
        final int end = start + align(length);
        if (end > buffer.byteSize() || length > 0xFFFF)
        {
            throw new IllegalStateException("netlink request of " + end + " bytes exceeds its "
                + buffer.byteSize() + "-byte buffer");
        }
        buffer.asSlice(start, end - start).fill((byte)0);
        position = end;
        return start;
    }
}
