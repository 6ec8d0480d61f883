package org.panacan.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.function.IntFunction;

import org.panacan.Dlc;
import org.panacan.FrameFlags;
import org.panacan.FrameRules;

/**
 * Reads a Vector ASC log one line at a time, as can-utils' {@code asc2log} does: classic frames
 * ({@code 0.010000 1 123x Rx d 8 01 02 ..}), {@code CANFD} events, the {@code CBFF / CEFF / FBFF / FEFF} kinds of
 * {@code CANXL} events and {@code ErrorFrame}s (which carry no detail in ASC and read as a bus error). The header's
 * {@code date} line anchors the timestamps; {@code base hex|dec} and {@code timestamps absolute|relative} are
 * honoured (hex and absolute when absent). Channel {@code n} is named by a function, {@code can<n-1>} by default
 * as asc2log names it.
 *
 * <p>Other events (statistics, status, triggers, comments) are skipped. A line that is a CAN frame but malformed is
 * a {@link FrameSyntaxException} with line, column and reason. CAN XL ({@code XLFF}) frames are refused.
 */
public final class AscLogReader implements FrameLogReader
{
    private static final int ASC_F_RTR = 0x0000_0010;
    private static final int ASC_F_FDF = 0x0000_1000;
    private static final int ASC_F_BRS = 0x0000_2000;
    private static final int ASC_F_ESI = 0x0000_4000;
    private static final int CAN_ERR_BUSERROR = 0x0080;
    private static final int CAN_ERR_DLC = 8;
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] GERMAN_MONTHS = {"jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep",
        "okt", "nov", "dez"};

    private final LineReader lines;
    private final LoggedFrame frame = new LoggedFrame();
    private final ZoneId zone;
    private final IntFunction<String> channelNames;
    private final String[] channelNameCache = new String[256];
    private boolean hex = true;
    private boolean relative;
    private long dateNanos;
    private long elapsedNanos;

    private LineReader.Line line;
    private int lineNumber;
    private int position;
    private int tokenStart;
    private int tokenEnd;

    /**
     * @param in           the log
     * @param zone         the zone the {@code date} header is in (Vector writes local time)
     * @param channelNames the interface name of channel {@code n} (from 1)
     */
    public AscLogReader(final Reader in, final ZoneId zone, final IntFunction<String> channelNames)
    {
        this.lines = new LineReader(in);
        this.zone = zone;
        this.channelNames = channelNames;
    }

    /** Reads from {@code in} (ISO-8859-1, as Vector writes it), local zone, channels named {@code can<n-1>}. */
    public AscLogReader(final InputStream in)
    {
        this(new InputStreamReader(in, StandardCharsets.ISO_8859_1), ZoneId.systemDefault(),
            AscLogReader::defaultInterfaceName);
    }

    public static AscLogReader open(final Path path) throws IOException
    {
        return new AscLogReader(Files.newInputStream(path));
    }

    /** asc2log's naming: channel 1 is {@code can0}, channel 2 {@code can1}, ... */
    public static String defaultInterfaceName(final int channel)
    {
        return channel > 0 ? "can" + (channel - 1) : "canX";
    }

    @Override
    public LoggedFrame next() throws IOException
    {
        CharSequence next;
        while ((next = lines.next()) != null)
        {
            line = (LineReader.Line)next;
            lineNumber = lines.lineNumber();
            position = 0;
            if (!token())
            {
                continue;
            }
            if (isDigit(line.charAt(tokenStart)) && indexOf('.', tokenStart, tokenEnd) >= 0)
            {
                if (event())
                {
                    return frame;
                }
            }
            else if (tokenIs("date"))
            {
                dateNanos = parseDate(line.subSequence(tokenEnd, line.length()).toString().trim(), zone);
            }
            else if (tokenIs("base"))
            {
                header();
            }
        }
        return null;
    }

    private void header()
    {
        if (token())
        {
            hex = !tokenIs("dec");
        }
        if (token() && tokenIs("timestamps") && token())
        {
            relative = tokenIs("relative");
        }
    }

    /** An event line; returns whether it was a frame (other events are skipped). */
    private boolean event()
    {
        final long time = time();
        if (!token())
        {
            return false;
        }
        if (tokenIs("CANFD"))
        {
            return fdEvent(time);
        }
        if (tokenIs("CANXL"))
        {
            return xlEvent(time);
        }
        if (!isDecimal(tokenStart, tokenEnd) || tokenEnd - tokenStart > 3)
        {
            return false;
        }
        final int channel = (int)CandumpLogReader.decimal(line, tokenStart, tokenEnd);
        if (!token())
        {
            return false;
        }
        if (startsWith("ErrorFrame"))
        {
            errorFrame(time, channel);
            return true;
        }
        final int idStart = tokenStart;
        final int idEnd = tokenEnd;
        if (!isIdToken(idStart, idEnd) || !direction())
        {
            return false; // not a frame: Statistic:, Status:, TxRq, ...
        }
        classicEvent(idStart, idEnd, hex);
        stamp(time, channel);
        return true;
    }

    /** {@code <id> <Rx|Tx> d <dlc> <data>..} or {@code <id> <Rx|Tx> r [<dlc>]}, after the direction. */
    private void classicEvent(final int idStart, final int idEnd, final boolean hexBase)
    {
        final boolean directionLocal = frame.isLocalOrigin();
        frame.clear();
        frame.lineNumber(lineNumber);
        int flags = idFlags(idStart, idEnd);
        final int id = id(idStart, idEnd, hexBase);
        expectToken("the frame type d (data) or r (remote)");
        final boolean remote = tokenIs("r");
        if (!remote && !tokenIs("d"))
        {
            throw error(tokenStart, "expected the frame type d (data) or r (remote)");
        }
        int dlc = 0;
        if (token())
        {
            dlc = dlc(Dlc.MAX_CLASSIC_LENGTH + 7);
        }
        else if (!remote)
        {
            throw error(position, "missing the DLC");
        }
        final int length = Math.min(dlc, Dlc.MAX_CLASSIC_LENGTH);
        if (remote)
        {
            flags |= FrameFlags.REMOTE;
        }
        else
        {
            dataBytes(length, hexBase);
        }
        frame.frame(id, flags, length, dlc > Dlc.MAX_CLASSIC_LENGTH ? dlc : 0);
        frame.localOrigin(directionLocal);
    }

    /** {@code CANFD <ch> <dir> <id> [name] <brs> <esi> <dlc> <len> <data>.. <duration> <bits> <flags> ..}. */
    private boolean fdEvent(final long time)
    {
        final int channel = channel();
        if (!direction())
        {
            return false;
        }
        expectToken("the CAN id");
        if (startsWith("ErrorFrame"))
        {
            errorFrame(time, channel);
            return true;
        }
        final boolean local = frame.isLocalOrigin();
        final int idStart = tokenStart;
        final int idEnd = tokenEnd;
        final int id = id(idStart, idEnd, true);
        final int idFlags = idFlags(idStart, idEnd);
        expectToken("the BRS bit");
        if (!isBit())
        {
            expectToken("the BRS bit"); // the token was a symbolic name
        }
        final boolean brs = bit("the BRS bit");
        expectToken("the ESI bit");
        final boolean esi = bit("the ESI bit");
        expectToken("the DLC");
        final int dlc = dlc(15);
        final int length = dataLength(Dlc.MAX_FD_LENGTH);
        frame.clear();
        frame.lineNumber(lineNumber);
        dataBytes(length, true);
        skipTokens(2, "the message duration and length");
        expectToken("the flags field");
        final int ascFlags = (int)hexValue("the flags field");
        if ((ascFlags & ASC_F_FDF) != 0)
        {
            checkFdLength(length);
            frame.frame(id, idFlags | FrameFlags.FD | (brs || (ascFlags & ASC_F_BRS) != 0 ? FrameFlags.BRS : 0)
                | (esi || (ascFlags & ASC_F_ESI) != 0 ? FrameFlags.ESI : 0), length, 0);
        }
        else
        {
            classicInFdEvent(id, idFlags, dlc, length, ascFlags);
        }
        frame.localOrigin(local);
        stamp(time, channel);
        return true;
    }

    /** {@code CANXL <ch> <dir> <CBFF|CEFF|FBFF|FEFF> <duration> <bits> <id> [name] <dlc> <len> <data>.. ..}. */
    private boolean xlEvent(final long time)
    {
        final int channel = channel();
        if (!direction())
        {
            return false;
        }
        final boolean local = frame.isLocalOrigin();
        expectToken("the frame format");
        final int formatStart = tokenStart;
        final boolean fd = tokenIs("FBFF") || tokenIs("FEFF");
        if (!fd && !tokenIs("CBFF") && !tokenIs("CEFF"))
        {
            throw error(formatStart, tokenIs("XLFF") ? "CAN XL frames are not supported"
                : "unknown frame format (expected CBFF, CEFF, FBFF or FEFF)");
        }
        skipTokens(2, "the message duration and bit count");
        expectToken("the CAN id");
        final int idStart = tokenStart;
        final int idEnd = tokenEnd;
        final int id = id(idStart, idEnd, true);
        final int idFlags = idFlags(idStart, idEnd);
        expectToken("the DLC");
        if (tokenEnd - tokenStart != 1)
        {
            expectToken("the DLC"); // the token was a symbolic name
        }
        final int dlc = dlc(15);
        final int length = dataLength(fd ? Dlc.MAX_FD_LENGTH : Dlc.MAX_CLASSIC_LENGTH);
        frame.clear();
        frame.lineNumber(lineNumber);
        dataBytes(length, true);
        skipTokens(fd ? 2 : 1, fd ? "the stuff bit count and CRC" : "the CRC");
        expectToken("the flags field");
        final int ascFlags = (int)hexValue("the flags field");
        if (fd)
        {
            checkFdLength(length);
            frame.frame(id, idFlags | FrameFlags.FD | ((ascFlags & ASC_F_BRS) != 0 ? FrameFlags.BRS : 0)
                | ((ascFlags & ASC_F_ESI) != 0 ? FrameFlags.ESI : 0), length, 0);
        }
        else
        {
            classicInFdEvent(id, idFlags, dlc, length, ascFlags);
        }
        frame.localOrigin(local);
        stamp(time, channel);
        return true;
    }

    private void classicInFdEvent(final int id, final int idFlags, final int dlc, final int length, final int flags)
    {
        if ((flags & ASC_F_RTR) != 0)
        {
            final int requested = Math.min(dlc, Dlc.MAX_CLASSIC_LENGTH);
            frame.frame(id, idFlags | FrameFlags.REMOTE, requested, dlc > Dlc.MAX_CLASSIC_LENGTH ? dlc : 0);
            return;
        }
        if (length > Dlc.MAX_CLASSIC_LENGTH)
        {
            throw error(position, "a classic CAN frame carries at most 8 bytes, not " + length);
        }
        frame.frame(id, idFlags, length,
            length == Dlc.MAX_CLASSIC_LENGTH && dlc > Dlc.MAX_CLASSIC_LENGTH ? dlc : 0);
    }

    private void errorFrame(final long time, final int channel)
    {
        frame.clear();
        frame.lineNumber(lineNumber);
        java.util.Arrays.fill(frame.dataBuffer(), 0, CAN_ERR_DLC, (byte)0);
        frame.frame(CAN_ERR_BUSERROR, FrameFlags.ERROR, CAN_ERR_DLC, 0);
        stamp(time, channel);
    }

    private void stamp(final long time, final int channel)
    {
        if (relative)
        {
            elapsedNanos += time;
        }
        else
        {
            elapsedNanos = time;
        }
        frame.timestampNanos(dateNanos + elapsedNanos);
        frame.interfaceName(channelName(channel));
        frame.lineNumber(lineNumber);
    }

    private String channelName(final int channel)
    {
        if (channel < 0 || channel >= channelNameCache.length)
        {
            return channelNames.apply(channel);
        }
        String name = channelNameCache[channel];
        if (name == null)
        {
            name = channelNames.apply(channel);
            channelNameCache[channel] = name;
        }
        return name;
    }

    // --------------------------------------------------------------------------------------------------- fields

    /** The event time in nanoseconds: seconds, '.', 1 to 9 decimal places. */
    private long time()
    {
        final int dot = indexOf('.', tokenStart, tokenEnd);
        final int places = tokenEnd - dot - 1;
        if (!isDecimal(tokenStart, dot) || !isDecimal(dot + 1, tokenEnd) || places > 9 || dot - tokenStart > 11)
        {
            throw error(tokenStart, "malformed timestamp (expected seconds '.' 1 to 9 decimal places)");
        }
        long fraction = CandumpLogReader.decimal(line, dot + 1, tokenEnd);
        for (int i = places; i < 9; i++)
        {
            fraction *= 10;
        }
        return CandumpLogReader.decimal(line, tokenStart, dot) * 1_000_000_000L + fraction;
    }

    private int channel()
    {
        expectToken("the channel number");
        if (!isDecimal(tokenStart, tokenEnd) || tokenEnd - tokenStart > 3)
        {
            throw error(tokenStart, "expected the channel number");
        }
        return (int)CandumpLogReader.decimal(line, tokenStart, tokenEnd);
    }

    /** Reads the direction token; false unless it is Rx or Tx. Remembers it as the LOCAL bit of the frame. */
    private boolean direction()
    {
        if (!token() || !(tokenIs("Rx") || tokenIs("Tx")))
        {
            return false;
        }
        frame.localOrigin(tokenIs("Tx"));
        return true;
    }

    private boolean isIdToken(final int start, final int end)
    {
        final int digitsEnd = end > start && line.charAt(end - 1) == 'x' ? end - 1 : end;
        if (digitsEnd == start || digitsEnd - start > 8)
        {
            return false;
        }
        for (int i = start; i < digitsEnd; i++)
        {
            if (CanSendSyntax.hexDigit(line.charAt(i)) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private int idFlags(final int start, final int end)
    {
        return line.charAt(end - 1) == 'x' ? FrameFlags.EXTENDED : 0;
    }

    private int id(final int start, final int end, final boolean hexBase)
    {
        final boolean extended = idFlags(start, end) != 0;
        final int digitsEnd = extended ? end - 1 : end;
        if (!isIdToken(start, end) || (!hexBase && !isDecimal(start, digitsEnd)))
        {
            throw error(start, "malformed CAN id");
        }
        final long value = hexBase ? hexValue(start, digitsEnd) : CandumpLogReader.decimal(line, start, digitsEnd);
        if (value > (extended ? FrameRules.MAX_EXTENDED_ID : FrameRules.MAX_STANDARD_ID))
        {
            throw error(start, (extended ? "29-bit CAN id exceeds 1FFFFFFF" : "11-bit CAN id exceeds 7FF"));
        }
        return (int)value;
    }

    private int dlc(final int max)
    {
        final int dlc = tokenEnd - tokenStart == 1 ? CanSendSyntax.hexDigit(line.charAt(tokenStart)) : -1;
        if (dlc < 0 || dlc > max)
        {
            throw error(tokenStart, "expected a DLC 0.." + Integer.toHexString(max).toUpperCase(Locale.ROOT));
        }
        return dlc;
    }

    private int dataLength(final int max)
    {
        expectToken("the data length");
        if (!isDecimal(tokenStart, tokenEnd) || tokenEnd - tokenStart > 2
            || CandumpLogReader.decimal(line, tokenStart, tokenEnd) > max)
        {
            throw error(tokenStart, "expected a data length 0.." + max);
        }
        return (int)CandumpLogReader.decimal(line, tokenStart, tokenEnd);
    }

    private void checkFdLength(final int length)
    {
        if (!Dlc.isFdLength(length))
        {
            throw error(0, "CAN FD data length " + length + " is not one of 0..8, 12, 16, 20, 24, 32, 48, 64");
        }
    }

    private void dataBytes(final int count, final boolean hexBase)
    {
        final byte[] data = frame.dataBuffer();
        for (int i = 0; i < count; i++)
        {
            if (!token())
            {
                throw error(position, "expected " + count + " data bytes, found " + i);
            }
            final long value = hexBase ? hexValue(tokenStart, tokenEnd)
                : isDecimal(tokenStart, tokenEnd) ? CandumpLogReader.decimal(line, tokenStart, tokenEnd) : -1;
            if (value < 0 || value > 0xFF || tokenEnd - tokenStart > 3)
            {
                throw error(tokenStart, "malformed data byte");
            }
            data[i] = (byte)value;
        }
    }

    private boolean isBit()
    {
        return tokenEnd - tokenStart == 1 && (line.charAt(tokenStart) == '0' || line.charAt(tokenStart) == '1');
    }

    private boolean bit(final String what)
    {
        if (!isBit())
        {
            throw error(tokenStart, "expected 0 or 1 for " + what);
        }
        return line.charAt(tokenStart) == '1';
    }

    private long hexValue(final String what)
    {
        final long value = hexValue(tokenStart, tokenEnd);
        if (value < 0 || tokenEnd - tokenStart > 8)
        {
            throw error(tokenStart, "expected a hex number for " + what);
        }
        return value;
    }

    /** The hex value of {@code line[from, to)}, or -1 when it is not all hex digits. */
    private long hexValue(final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final int digit = CanSendSyntax.hexDigit(line.charAt(i));
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return to > from ? value : -1;
    }

    // --------------------------------------------------------------------------------------------------- tokens

    /** Moves to the next blank-separated token; false at the end of the line. */
    private boolean token()
    {
        final int end = line.length();
        tokenStart = CandumpLogReader.skipBlanks(line, position, end);
        tokenEnd = CandumpLogReader.token(line, tokenStart, end);
        position = tokenEnd;
        return tokenStart < end;
    }

    private void expectToken(final String what)
    {
        if (!token())
        {
            throw error(line.length(), "missing " + what);
        }
    }

    private void skipTokens(final int count, final String what)
    {
        for (int i = 0; i < count; i++)
        {
            expectToken(what);
        }
    }

    private boolean tokenIs(final String text)
    {
        return line.regionEquals(tokenStart, tokenEnd, text);
    }

    private boolean startsWith(final String text)
    {
        final int end = tokenStart + text.length();
        return end <= tokenEnd && line.regionEquals(tokenStart, end, text);
    }

    private boolean isDecimal(final int from, final int to)
    {
        return to > from && CandumpLogReader.digits(line, from, to) == to;
    }

    private int indexOf(final char c, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (line.charAt(i) == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private FrameSyntaxException error(final int index, final String reason)
    {
        return CanSendSyntax.error(line, lineNumber, index, reason);
    }

    // ----------------------------------------------------------------------------------------------------- date

    /**
     * The {@code date} header as epoch nanoseconds, or 0 when it cannot be read. Accepts ctime
     * ({@code Thu Jan  1 00:00:00 1970}, what log2asc writes), Vector's English form with milliseconds and am/pm
     * ({@code Tue Mar 15 10:23:41.123 am 2022}) and the German one ({@code Di Mär 15 10:23:41.123 2022}).
     */
    static long parseDate(final String text, final ZoneId zone)
    {
        final String[] parts = text.trim().split("\\s+");
        for (int i = 0; i + 3 < parts.length; i++)
        {
            final int month = month(parts[i]);
            if (month == 0)
            {
                continue;
            }
            try
            {
                final int day = Integer.parseInt(parts[i + 1]);
                final String[] clock = parts[i + 2].split("[:.]");
                int hour = Integer.parseInt(clock[0]);
                final int minute = Integer.parseInt(clock[1]);
                final int second = Integer.parseInt(clock[2]);
                final int millis = clock.length > 3 ? Integer.parseInt((clock[3] + "00").substring(0, 3)) : 0;
                int yearIndex = i + 3;
                final String meridiem = parts[yearIndex].toLowerCase(Locale.ROOT);
                if (meridiem.equals("am") || meridiem.equals("pm"))
                {
                    hour = hour % 12 + (meridiem.equals("pm") ? 12 : 0);
                    yearIndex++;
                }
                final int year = Integer.parseInt(parts[yearIndex]);
                final ZonedDateTime date =
                    LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000).atZone(zone);
                return date.toEpochSecond() * 1_000_000_000L + date.getNano();
            }
            catch (final RuntimeException ex)
            {
                return 0; // an unreadable date: timestamps count from the epoch
            }
        }
        return 0;
    }

    private static int month(final String token)
    {
        if (token.length() < 3)
        {
            return 0;
        }
        final String prefix = token.substring(0, 3).toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++)
        {
            if (MONTHS[i].equals(prefix) || GERMAN_MONTHS[i].equals(prefix) || ("mrz".equals(prefix) && i == 2))
            {
                return i + 1;
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException
    {
        lines.close();
    }
}
