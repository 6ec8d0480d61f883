package org.panacan.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import org.panacan.bindings.gen.LinuxCan;

/**
 * The attributes of one netlink message or nested attribute, indexed by type ({@code nla_parse}): a walk over
 * {@code struct rtattr} headers ({@code RTA_OK}, {@code RTA_NEXT}, {@code RTA_DATA}, {@code RTA_PAYLOAD} in Java).
 * Each attribute starts at a 4-byte boundary; {@code rta_len} counts the 4-byte header and the payload, not the
 * padding. A header that claims more than what is left ends the walk, as {@code RTA_OK} does. The type's
 * {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER} bits are masked off; when a type repeats, the last wins.
 *
 * <p>Values are read when asked for, from the reply buffer; an instance is only valid until the next request.
 */
final class Attributes
{
    private static final int TYPE_MASK = LinuxCan.NLA_TYPE_MASK();
    private static final int HEADER = NetlinkWriter.ATTRIBUTE_HEADER_LENGTH;

    private final MemorySegment segment;
    private final long[] offsets;
    private final int[] lengths;

    private Attributes(final MemorySegment segment, final int maxType)
    {
        this.segment = segment;
        this.offsets = new long[maxType + 1];
        this.lengths = new int[maxType + 1];
        java.util.Arrays.fill(lengths, -1);
    }

    /** Indexes the attributes in {@code [offset, offset + length)} of {@code segment}, ignoring types > maxType. */
    static Attributes parse(final MemorySegment segment, final long offset, final long length, final int maxType)
    {
        final Attributes attributes = new Attributes(segment, maxType);
        long cursor = offset;
        final long end = offset + length;
        while (end - cursor >= HEADER)
        {
            final int attributeLength = segment.get(JAVA_SHORT, cursor) & 0xFFFF;
            if (attributeLength < HEADER || attributeLength > end - cursor)
            {
                break;
            }
            final int type = segment.get(JAVA_SHORT, cursor + 2) & 0xFFFF & TYPE_MASK;
            if (type <= maxType)
            {
                attributes.offsets[type] = cursor + HEADER;
                attributes.lengths[type] = attributeLength - HEADER;
            }
            cursor += NetlinkWriter.align(attributeLength);
        }
        return attributes;
    }

    boolean has(final int type)
    {
        return type < lengths.length && lengths[type] >= 0;
    }

    /** Payload length of {@code type}, -1 when absent. */
    int length(final int type)
    {
        return has(type) ? lengths[type] : -1;
    }

    /** Payload offset of {@code type} in the reply buffer. */
    long offset(final int type)
    {
        return offsets[type];
    }

    MemorySegment segment()
    {
        return segment;
    }

    int u8(final int type, final int absent)
    {
        return length(type) >= Byte.BYTES ? segment.get(JAVA_BYTE, offsets[type]) & 0xFF : absent;
    }

    int u16(final int type, final int absent)
    {
        return length(type) >= Short.BYTES ? segment.get(JAVA_SHORT, offsets[type]) & 0xFFFF : absent;
    }

    int u32(final int type, final int absent)
    {
        return length(type) >= Integer.BYTES ? segment.get(JAVA_INT, offsets[type]) : absent;
    }

    /** A string attribute up to its NUL (or its end), or {@code null} when absent. */
    String string(final int type)
    {
        if (!has(type))
        {
            return null;
        }
        final long start = offsets[type];
        int length = 0;
        while (length < lengths[type] && segment.get(JAVA_BYTE, start + length) != 0)
        {
            length++;
        }
        final byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, start, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The attributes nested in {@code type} (empty when absent). */
    Attributes nested(final int type, final int maxType)
    {
        return has(type) ? parse(segment, offsets[type], lengths[type], maxType) : new Attributes(segment, maxType);
    }

    /** The payload of {@code type} when it holds at least {@code minimum} bytes, else {@code null}. */
    MemorySegment payload(final int type, final long minimum)
    {
        return length(type) >= minimum ? segment.asSlice(offsets[type], lengths[type]) : null;
    }
}
