package org.panacan.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.panacan.ReadableFrame;

/**
 * candump's default (non-log) output, as can-utils' {@code candump.c} and {@code snprintf_long_canframe} print it:
 * <pre>
 *  (1700000000.123456)  vcan0  123   [4]  DE AD BE EF
 *   vcan0  12345678  [12]  00 01 02 03 04 05 06 07 08 09 0A 0B
 * </pre>
 * Timestamps absolute, with date, delta or from zero; {@code -x} adds RX/TX and the BRS/ESI bits; once an
 * extended id has been seen, standard ids are indented to line up; {@code -e} adds the decoded error. Holds the
 * state candump holds (the previous timestamp, the indentation), so one instance serves one output.
 */
final class CandumpText
{
    /** candump {@code -t}. */
    enum TimestampStyle
    {
        /** No timestamp (the default). */
        NONE,
        /** {@code a}: seconds since the epoch. */
        ABSOLUTE,
        /** {@code A}: local date and time. */
        DATE,
        /** {@code d}: since the previous frame. */
        DELTA,
        /** {@code z}: since the first frame. */
        ZERO
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String[] FD_FLAGS = {"- -", "B -", "- E", "B E"};
    private static final DateTimeFormatter DATE =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final TimestampStyle timestamps;
    private final boolean nanoseconds;
    private final int interfaceWidth;
    private final boolean extraInfo;
    private final boolean decodeErrors;
    private boolean indentStandardIds;
    private long firstNanos = Long.MIN_VALUE;
    private long previousNanos = Long.MIN_VALUE;
    private long dateSeconds = Long.MIN_VALUE;
    private String dateText;

    CandumpText(final TimestampStyle timestamps, final boolean nanoseconds, final int interfaceWidth,
        final boolean extraInfo, final boolean decodeErrors)
    {
        this.timestamps = timestamps;
        this.nanoseconds = nanoseconds;
        this.interfaceWidth = interfaceWidth;
        this.extraInfo = extraInfo;
        this.decodeErrors = decodeErrors;
    }

    /** Appends the line for {@code frame} without the line feed. */
    StringBuilder append(final StringBuilder line, final ReadableFrame frame, final String interfaceName)
    {
        line.append(' ');
        appendTimestamp(line, frame.timestampNanos());
        line.append(' ');
        pad(line, interfaceWidth - interfaceName.length()).append(interfaceName);
        if (extraInfo)
        {
            line.append(frame.isLocalOrigin() ? "  TX " : "  RX ")
                .append(FD_FLAGS[(frame.isBitRateSwitch() ? 1 : 0) | (frame.isErrorStateIndicator() ? 2 : 0)]);
        }
        line.append("  ");
        if (frame.isExtended() && !frame.isError())
        {
            indentStandardIds = true;
        }
        appendFrame(line, frame);
        if (decodeErrors && frame.isError())
        {
            ErrorFrameText.append(line.append("\n\t"), frame, "\n\t");
        }
        return line;
    }

    private void appendTimestamp(final StringBuilder line, final long nanos)
    {
        switch (timestamps)
        {
            case NONE ->
            {
            }
            case ABSOLUTE -> appendSeconds(line.append('('), nanos, 10).append(") ");
            case DATE -> appendDate(line, nanos);
            case DELTA ->
            {
                appendSeconds(line.append('('), previousNanos == Long.MIN_VALUE ? 0
                    : Math.max(0, nanos - previousNanos), 3).append(") ");
                previousNanos = nanos;
            }
            case ZERO ->
            {
                if (firstNanos == Long.MIN_VALUE)
                {
                    firstNanos = nanos;
                }
                appendSeconds(line.append('('), Math.max(0, nanos - firstNanos), 3).append(") ");
            }
        }
    }

    private void appendDate(final StringBuilder line, final long nanos)
    {
        final long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        if (seconds != dateSeconds)
        {
            dateSeconds = seconds;
            dateText = DATE.format(Instant.ofEpochSecond(seconds));
        }
        line.append('(').append(dateText).append('.');
        appendFraction(line, Math.floorMod(nanos, 1_000_000_000L)).append(") ");
    }

    private StringBuilder appendSeconds(final StringBuilder line, final long nanos, final int secondDigits)
    {
        zeroPadded(line, Math.floorDiv(nanos, 1_000_000_000L), secondDigits).append('.');
        return appendFraction(line, Math.floorMod(nanos, 1_000_000_000L));
    }

    private StringBuilder appendFraction(final StringBuilder line, final long fractionNanos)
    {
        return nanoseconds ? zeroPadded(line, fractionNanos, 9) : zeroPadded(line, fractionNanos / 1000, 6);
    }

    /** {@code snprintf_long_canframe}: id, [len], payload, ERRORFRAME. */
    private void appendFrame(final StringBuilder line, final ReadableFrame frame)
    {
        final int start = line.length();
        final int length = Math.min(frame.length(), frame.isFd() ? 64 : 8);
        int offset;
        if (frame.isError())
        {
            hex(line, 0x2000_0000L | frame.id(), 8);
            offset = 10;
        }
        else if (frame.isExtended())
        {
            hex(line, frame.id(), 8);
            offset = 10;
        }
        else if (indentStandardIds)
        {
            hex(pad(line, 5), frame.id(), 3);
            offset = 10;
        }
        else
        {
            hex(line, frame.id(), 3);
            offset = 5;
        }
        pad(line, start + offset - line.length());
        if (frame.isFd())
        {
            line.append('[').append((char)('0' + length / 10)).append((char)('0' + length % 10)).append("] ");
        }
        else
        {
            line.append(" [").append((char)('0' + length)).append(']');
            if (frame.isRemote())
            {
                line.append("  remote request");
                return;
            }
            line.append(' ');
        }
        for (int i = 0; i < length; i++)
        {
            line.append(' ');
            hex(line, frame.data(i) & 0xFF, 2);
        }
        if (frame.isError() && length <= 8)
        {
            pad(line, 3 * (8 - length) + 13 - "ERRORFRAME".length()).append("ERRORFRAME");
        }
    }

    private static StringBuilder hex(final StringBuilder line, final long value, final int digits)
    {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            line.append(HEX[(int)(value >>> shift) & 0xF]);
        }
        return line;
    }

    private static StringBuilder zeroPadded(final StringBuilder line, final long value, final int digits)
    {
        int width = 1;
        for (long rest = value / 10; rest > 0; rest /= 10)
        {
            width++;
        }
        for (int i = width; i < digits; i++)
        {
            line.append('0');
        }
        return line.append(value);
    }

    private static StringBuilder pad(final StringBuilder line, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            line.append(' ');
        }
        return line;
    }
}
