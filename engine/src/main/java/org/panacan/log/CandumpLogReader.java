package org.panacan.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a candump log ({@code candump -l} / {@code -L}, what {@code canplayer} replays), one line at a time:
 * <pre>
 * (1700000000.123456) can0 123#DEADBEEF
 * (1700000000.123456789) can0 123##1DEADBEEF T
 * </pre>
 * As canplayer does, lines that do not start with {@code '('} are comments ({@code DROPCOUNT:} notes, headers) and
 * are skipped, and the fraction of the timestamp must have 6 or 9 digits. A {@code R} / {@code T} direction marker
 * ({@code candump -x}) may follow the frame. Anything else that is off is a {@link FrameSyntaxException} naming the
 * line and column.
 */
public final class CandumpLogReader implements FrameLogReader
{
    /** The kernel's limit on interface names ({@code IFNAMSIZ - 1}). */
    static final int MAX_INTERFACE_NAME = 15;

    private final LineReader lines;
    private final LoggedFrame frame = new LoggedFrame();
    private final InterfaceNames interfaceNames = new InterfaceNames();

    public CandumpLogReader(final Reader in)
    {
        this.lines = new LineReader(in);
    }

    /** Reads the log from {@code in} (ASCII). */
    public CandumpLogReader(final InputStream in)
    {
        this(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
    }

    public static CandumpLogReader open(final Path path) throws IOException
    {
        return new CandumpLogReader(Files.newInputStream(path));
    }

    @Override
    public LoggedFrame next() throws IOException
    {
        CharSequence line;
        while ((line = lines.next()) != null)
        {
            if (line.length() > 0 && line.charAt(0) == '(')
            {
                parse((LineReader.Line)line, lines.lineNumber());
                return frame;
            }
        }
        return null;
    }

    private void parse(final LineReader.Line line, final int lineNumber)
    {
        final int end = line.length();
        frame.clear();
        frame.lineNumber(lineNumber);

        int index = 1;
        final int secondsEnd = digits(line, index, end);
        if (secondsEnd == index || secondsEnd - index > 11)
        {
            throw CanSendSyntax.error(line, lineNumber, index, "expected the timestamp's seconds (1 to 11 digits)");
        }
        final long seconds = decimal(line, index, secondsEnd);
        index = expect(line, secondsEnd, end, '.', lineNumber, "expected '.' in the timestamp");
        final int fractionEnd = digits(line, index, end);
        final int places = fractionEnd - index;
        if (places != 6 && places != 9)
        {
            throw CanSendSyntax.error(line, lineNumber, index,
                "the timestamp needs 6 or 9 decimal places, not " + places);
        }
        final long fraction = decimal(line, index, fractionEnd) * (places == 6 ? 1000 : 1);
        index = expect(line, fractionEnd, end, ')', lineNumber, "expected ')' after the timestamp");
        frame.timestampNanos(seconds * 1_000_000_000L + fraction);

        final int nameStart = skipBlanks(line, index, end, lineNumber, "the interface name");
        final int nameEnd = token(line, nameStart, end);
        if (nameEnd - nameStart > MAX_INTERFACE_NAME)
        {
            throw CanSendSyntax.error(line, lineNumber, nameStart,
                "interface name longer than " + MAX_INTERFACE_NAME + " characters");
        }
        frame.interfaceName(interfaceNames.intern(line, nameStart, nameEnd));

        final int frameStart = skipBlanks(line, nameEnd, end, lineNumber, "the frame");
        final int frameEnd = token(line, frameStart, end);
        CanSendSyntax.parse(line, frameStart, frameEnd, lineNumber, frame);

        final int extra = skipBlanks(line, frameEnd, end);
        if (extra < end)
        {
            final int extraEnd = token(line, extra, end);
            final char marker = line.charAt(extra);
            if (extraEnd - extra != 1 || (marker != 'R' && marker != 'T'))
            {
                throw CanSendSyntax.error(line, lineNumber, extra,
                    "unexpected text after the frame (only a direction marker R or T may follow)");
            }
            frame.localOrigin(marker == 'T');
            final int rest = skipBlanks(line, extraEnd, end);
            if (rest < end)
            {
                throw CanSendSyntax.error(line, lineNumber, rest, "unexpected text after the direction marker");
            }
        }
    }

    private static int expect(final CharSequence line, final int index, final int end, final char c,
        final int lineNumber, final String reason)
    {
        if (index >= end || line.charAt(index) != c)
        {
            throw CanSendSyntax.error(line, lineNumber, index, reason);
        }
        return index + 1;
    }

    /** Skips at least one blank; the thing that must follow is named in the error. */
    private static int skipBlanks(
        final CharSequence line, final int from, final int end, final int lineNumber, final String what)
    {
        if (from < end && !isBlank(line.charAt(from)))
        {
            throw CanSendSyntax.error(line, lineNumber, from, "expected a blank before " + what);
        }
        final int index = skipBlanks(line, from, end);
        if (index == end)
        {
            throw CanSendSyntax.error(line, lineNumber, end, "missing " + what);
        }
        return index;
    }

    static int skipBlanks(final CharSequence line, final int from, final int end)
    {
        int index = from;
        while (index < end && isBlank(line.charAt(index)))
        {
            index++;
        }
        return index;
    }

    static int token(final CharSequence line, final int from, final int end)
    {
        int index = from;
        while (index < end && !isBlank(line.charAt(index)))
        {
            index++;
        }
        return index;
    }

    static boolean isBlank(final char c)
    {
        return c == ' ' || c == '\t';
    }

    static int digits(final CharSequence line, final int from, final int end)
    {
        int index = from;
        while (index < end && line.charAt(index) >= '0' && line.charAt(index) <= '9')
        {
            index++;
        }
        return index;
    }

    static long decimal(final CharSequence line, final int from, final int to)
    {
        long value = 0;
        for (int i = from; i < to; i++)
        {
            value = value * 10 + (line.charAt(i) - '0');
        }
        return value;
    }

    @Override
    public void close() throws IOException
    {
        lines.close();
    }
}
