package org.panacan.log;

import org.panacan.CanFrame;
import org.panacan.Dlc;
import org.panacan.FrameFlags;
import org.panacan.FrameRules;
import org.panacan.ReadableFrame;

/**
 * The compact frame text of can-utils ({@code lib.c}: {@code parse_canframe} / {@code snprintf_canframe}), as
 * {@code cansend} takes it and candump logs carry it:
 * <pre>
 * 123#DEADBEEF            11-bit id (3 hex digits), 0..8 data bytes, optionally separated by '.'
 * 1F334455#11.22          29-bit id (8 hex digits)
 * 123#R  123#R3  333#R8_E remote frame, optional requested length, optional raw DLC 9..F
 * 1F334455#1122334455667788_B   classic 8-byte frame with raw DLC (len8_dlc) 9..F
 * 123##1DEADBEEF          CAN FD: '##', one flags nibble (1 BRS, 2 ESI, 4 FDF), 0..64 data bytes
 * 20000004#0004000000000000     error frame: 8 digits with CAN_ERR_FLAG (0x20000000) set
 * </pre>
 * A CAN FD payload whose length no DLC expresses (9 bytes, say) is padded with zeros to the next valid length, as
 * {@code cansend} does. Unlike can-utils, trailing garbage, more than 8 (64) bytes, an odd digit or an out-of-range
 * id is an error: {@link FrameSyntaxException} names the column. CAN XL frames ({@code 45123#81:00:12345678#..})
 * are recognised and refused, as the engine does not carry them.
 */
public final class CanSendSyntax
{
    private static final int CAN_ERR_FLAG = 0x2000_0000;
    private static final int CANFD_BRS = 0x01;
    private static final int CANFD_ESI = 0x02;
    private static final int CANFD_FDF = 0x04;

    private CanSendSyntax()
    {
    }

    /** Parses cansend text such as {@code 123#DEADBEEF} into a frame; throws {@link FrameSyntaxException}. */
    public static CanFrame parse(final CharSequence text)
    {
        final LoggedFrame frame = new LoggedFrame();
        parse(text, 0, text.length(), 0, frame);
        return frame.toFrame();
    }

    /**
     * The can-utils text of {@code frame} ({@code 123#DEADBEEF}, {@code 123##1AB}), as cansend takes it: CAN FD flags
     * without FDF, except that a {@link LoggedFrame} keeps the flags nibble it was read with.
     */
    public static String format(final ReadableFrame frame)
    {
        return format(frame, false);
    }

    /**
     * The can-utils text of {@code frame}.
     *
     * @param markFdf whether a CAN FD frame's flags nibble includes {@code CANFD_FDF} (4), as can-utils 2023.03 and
     *                later write it ({@code 123##5..} for BRS); earlier versions write {@code 123##1..}
     */
    public static String format(final ReadableFrame frame, final boolean markFdf)
    {
        return append(frame, new AsciiLine(), markFdf).toString();
    }

    /**
     * Parses the frame text in {@code line[start, end)} into {@code into} (id, flags, length, len8_dlc, payload).
     * Columns in errors count from the start of {@code line}.
     *
     * @param lineNumber reported in errors; 0 for a string that is not from a file
     */
    static void parse(
        final CharSequence line, final int start, final int end, final int lineNumber, final LoggedFrame into)
    {
        final int delimiter = indexOf(line, start, end, '#');
        final int idDigits = delimiter - start;
        if (delimiter < 0)
        {
            throw error(line, lineNumber, start, "missing '#' after the CAN id");
        }
        if (idDigits == 5 && indexOf(line, delimiter + 1, end, '#') > 0)
        {
            throw error(line, lineNumber, start, "CAN XL frames are not supported");
        }
        if (idDigits != 3 && idDigits != 8)
        {
            throw error(line, lineNumber, start,
                "the CAN id must have 3 (11-bit) or 8 (29-bit) hex digits, not " + idDigits);
        }
        final long idValue = hex(line, start, delimiter, lineNumber, "the CAN id");
        int flags = 0;
        int id = (int)idValue;
        if (idDigits == 3)
        {
            if (id > FrameRules.MAX_STANDARD_ID)
            {
                throw error(line, lineNumber, start, "11-bit CAN id " + text(line, start, delimiter)
                    + " exceeds 7FF (write 8 digits for a 29-bit id)");
            }
        }
        else if ((idValue & 0xC000_0000L) != 0)
        {
            throw error(line, lineNumber, start, "29-bit CAN id " + text(line, start, delimiter) + " exceeds 1FFFFFFF");
        }
        else if ((id & CAN_ERR_FLAG) != 0)
        {
            flags = FrameFlags.ERROR;
            id &= ~CAN_ERR_FLAG;
        }
        else
        {
            flags = FrameFlags.EXTENDED;
        }
        final int body = delimiter + 1;
        if (body < end && (line.charAt(body) == 'R' || line.charAt(body) == 'r'))
        {
            parseRemote(line, body + 1, end, lineNumber, id, flags, into);
        }
        else if (body < end && line.charAt(body) == '#')
        {
            parseFd(line, body + 1, end, lineNumber, id, flags, into);
        }
        else
        {
            parseClassic(line, body, end, lineNumber, id, flags, into);
        }
    }

    private static void parseRemote(final CharSequence line, final int from, final int end, final int lineNumber,
        final int id, final int flags, final LoggedFrame into)
    {
        if ((flags & FrameFlags.ERROR) != 0)
        {
            throw error(line, lineNumber, from - 1, "an error frame cannot be a remote frame");
        }
        int index = from;
        int length = 0;
        int len8Dlc = 0;
        if (index < end)
        {
            length = nibble(line, index, lineNumber, "the remote frame's length");
            if (length > Dlc.MAX_CLASSIC_LENGTH)
            {
                throw error(line, lineNumber, index, "remote frame length " + length + " exceeds 8");
            }
            index++;
            if (index < end && line.charAt(index) == '_')
            {
                len8Dlc = rawDlc(line, index, end, lineNumber, length);
                index += 2;
            }
        }
        expectEnd(line, index, end, lineNumber);
        into.frame(id, flags | FrameFlags.REMOTE, length, len8Dlc);
    }

    private static void parseFd(final CharSequence line, final int from, final int end, final int lineNumber,
        final int id, final int flags, final LoggedFrame into)
    {
        if ((flags & FrameFlags.ERROR) != 0)
        {
            throw error(line, lineNumber, from - 1, "error frames are classic CAN frames, not CAN FD");
        }
        if (from >= end)
        {
            throw error(line, lineNumber, from, "missing the CAN FD flags nibble after '##'");
        }
        final int fdFlags = nibble(line, from, lineNumber, "the CAN FD flags");
        final long payload = payload(line, from + 1, end, lineNumber, Dlc.MAX_FD_LENGTH, into.dataBuffer());
        final int length = length(payload);
        expectEnd(line, endIndex(payload), end, lineNumber);
        final int padded = Dlc.fdRoundUp(length);
        java.util.Arrays.fill(into.dataBuffer(), length, padded, (byte)0);
        into.frame(id, flags | FrameFlags.FD
            | ((fdFlags & CANFD_BRS) != 0 ? FrameFlags.BRS : 0)
            | ((fdFlags & CANFD_ESI) != 0 ? FrameFlags.ESI : 0), padded, 0);
        into.fdFlagsNibble(fdFlags);
    }

    private static void parseClassic(final CharSequence line, final int from, final int end, final int lineNumber,
        final int id, final int flags, final LoggedFrame into)
    {
        final long payload = payload(line, from, end, lineNumber, Dlc.MAX_CLASSIC_LENGTH, into.dataBuffer());
        final int length = length(payload);
        int index = endIndex(payload);
        int len8Dlc = 0;
        if (index < end && line.charAt(index) == '_')
        {
            len8Dlc = rawDlc(line, index, end, lineNumber, length);
            index += 2;
        }
        expectEnd(line, index, end, lineNumber);
        into.frame(id, flags, length, len8Dlc);
    }

    /**
     * Reads hex byte pairs, each optionally preceded by one '.', into {@code data}; stops at the end or at '_'.
     *
     * @return the number of bytes in the high half, the index where reading stopped in the low half
     */
    private static long payload(final CharSequence line, final int from, final int end, final int lineNumber,
        final int maxLength, final byte[] data)
    {
        int index = from;
        int length = 0;
        while (index < end)
        {
            final int byteStart = line.charAt(index) == '.' ? index + 1 : index;
            if (byteStart >= end)
            {
                index = byteStart; // a trailing '.' is accepted, as can-utils does
                break;
            }
            final char c = line.charAt(byteStart);
            if (c == '_' && byteStart == index)
            {
                break;
            }
            if (length == maxLength)
            {
                throw error(line, lineNumber, byteStart, "more than " + maxLength + " data bytes");
            }
            final int high = hexDigit(c);
            if (high < 0)
            {
                throw error(line, lineNumber, byteStart, unexpected(line, byteStart) + " in the payload");
            }
            final int low = byteStart + 1 < end ? hexDigit(line.charAt(byteStart + 1)) : -1;
            if (low < 0)
            {
                throw error(line, lineNumber, byteStart, "odd number of hex digits in the payload");
            }
            data[length++] = (byte)((high << 4) | low);
            index = byteStart + 2;
        }
        return ((long)length << 32) | index;
    }

    private static int length(final long payload)
    {
        return (int)(payload >>> 32);
    }

    private static int endIndex(final long payload)
    {
        return (int)payload;
    }

    private static int rawDlc(final CharSequence line, final int underscore, final int end, final int lineNumber,
        final int length)
    {
        if (length != Dlc.MAX_CLASSIC_LENGTH)
        {
            throw error(line, lineNumber, underscore, "a raw DLC (_9.._F) needs 8 data bytes, not " + length);
        }
        if (underscore + 1 >= end)
        {
            throw error(line, lineNumber, underscore, "missing the raw DLC digit after '_'");
        }
        final int dlc = nibble(line, underscore + 1, lineNumber, "the raw DLC");
        if (dlc <= Dlc.MAX_CLASSIC_LENGTH)
        {
            throw error(line, lineNumber, underscore + 1, "a raw DLC must be 9..F, not " + Integer.toHexString(dlc));
        }
        return dlc;
    }

    private static void expectEnd(final CharSequence line, final int index, final int end, final int lineNumber)
    {
        if (index < end)
        {
            throw error(line, lineNumber, index, unexpected(line, index));
        }
    }

    private static long hex(final CharSequence line, final int from, final int to, final int lineNumber,
        final String what)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            value = (value << 4) | nibble(line, i, lineNumber, what);
        }
        return value;
    }

    private static int nibble(final CharSequence line, final int index, final int lineNumber, final String what)
    {
        final int digit = hexDigit(line.charAt(index));
        if (digit < 0)
        {
            throw error(line, lineNumber, index, unexpected(line, index) + " in " + what + " (expected a hex digit)");
        }
        return digit;
    }

    /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, no other Unicode digits). */
    static int hexDigit(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static int indexOf(final CharSequence line, final int from, final int end, final char c)
    {
        for (int i = from; i < end; i++)
        {
            if (line.charAt(i) == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static String unexpected(final CharSequence line, final int index)
    {
        return "unexpected '" + line.charAt(index) + "'";
    }

    private static String text(final CharSequence line, final int from, final int to)
    {
        return line.subSequence(from, to).toString();
    }

    static FrameSyntaxException error(
        final CharSequence line, final int lineNumber, final int index, final String reason)
    {
        return new FrameSyntaxException(lineNumber, index + 1, reason, line.toString());
    }

    // -------------------------------------------------------------------------------------------------- format

    /** Appends the can-utils text of {@code frame} ({@code snprintf_canframe}) to {@code out}. */
    static AsciiLine append(final ReadableFrame frame, final AsciiLine out, final boolean markFdf)
    {
        final int length = frame.length();
        if (frame.isError())
        {
            out.appendHex(CAN_ERR_FLAG | (frame.id() & FrameRules.MAX_EXTENDED_ID), 8);
        }
        else if (frame.isExtended())
        {
            out.appendHex(frame.id(), 8);
        }
        else
        {
            out.appendHex(frame.id(), 3);
        }
        out.append('#');
        final int len8Dlc = frame.len8Dlc();
        if (frame.isFd())
        {
            final int logged = frame instanceof LoggedFrame loggedFrame ? loggedFrame.fdFlagsNibble() : -1;
            out.append('#').appendHexDigit(logged >= 0 ? logged : (frame.isBitRateSwitch() ? CANFD_BRS : 0)
                | (frame.isErrorStateIndicator() ? CANFD_ESI : 0) | (markFdf ? CANFD_FDF : 0));
            appendPayload(frame, Math.min(length, Dlc.MAX_FD_LENGTH), out);
            return out;
        }
        if (frame.isRemote())
        {
            out.append('R');
            if (length > 0 && length <= Dlc.MAX_CLASSIC_LENGTH)
            {
                out.appendHexDigit(length);
                appendRawDlc(length, len8Dlc, out);
            }
            return out;
        }
        appendPayload(frame, Math.min(length, Dlc.MAX_CLASSIC_LENGTH), out);
        appendRawDlc(length, len8Dlc, out);
        return out;
    }

    private static void appendPayload(final ReadableFrame frame, final int length, final AsciiLine out)
    {
        for (int i = 0; i < length; i++)
        {
            out.appendHexByte(frame.data(i));
        }
    }

    private static void appendRawDlc(final int length, final int len8Dlc, final AsciiLine out)
    {
        if (length == Dlc.MAX_CLASSIC_LENGTH && len8Dlc > Dlc.MAX_CLASSIC_LENGTH && len8Dlc <= 15)
        {
            out.append('_').appendHexDigit(len8Dlc);
        }
    }
}
