package org.panacan.log;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.panacan.Dlc;
import org.panacan.ReadableFrame;

/**
 * Writes a Vector ASC log as can-utils' {@code log2asc} does, byte for byte: the header at the first frame (its
 * {@code date} line is the first frame's time in ctime format), timestamps relative to the first frame with six
 * decimal places, classic frames as {@code "   0.000000 1  123x            Rx   d 8 01 02 .."} and CAN FD frames as
 * {@code CANFD} events. Channels are numbered from 1 in the order the interfaces are given, then as they appear.
 * A frame sent from this host ({@link ReadableFrame#isLocalOrigin()}) is written {@code Tx}, others {@code Rx}.
 *
 * <p>As with log2asc, the {@code date} line has whole seconds while offsets count from the first frame itself, so
 * absolute times read back from the file are early by the first frame's fraction of a second; intervals are exact
 * to the microsecond.
 */
public final class AscLogWriter implements FrameLogWriter
{
    private static final DateTimeFormatter CTIME =
        DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final int ASC_F_FDF = 0x0000_1000;
    private static final int ASC_F_BRS = 0x0000_2000;
    private static final int ASC_F_ESI = 0x0000_4000;

    private final OutputStream out;
    private final ZoneId zone;
    private final List<String> channels;
    private final AsciiLine line = new AsciiLine();
    private long startNanos;
    private long framesWritten;

    /**
     * @param out        the stream (buffered here)
     * @param zone       the zone of the {@code date} header line (log2asc uses the local zone)
     * @param interfaces interface names for channels 1, 2, ...; interfaces not listed get the next numbers
     */
    public AscLogWriter(final OutputStream out, final ZoneId zone, final List<String> interfaces)
    {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.zone = zone;
        this.channels = new ArrayList<>(interfaces);
    }

    /** Creates (or truncates) {@code path}; the date header in the system zone. */
    public static AscLogWriter create(final Path path) throws IOException
    {
        return new AscLogWriter(Files.newOutputStream(path), ZoneId.systemDefault(), List.of());
    }

    @Override
    public void write(final ReadableFrame frame, final String interfaceName, final long timestampNanos)
        throws IOException
    {
        if (framesWritten == 0)
        {
            startNanos = timestampNanos;
            writeHeader(timestampNanos);
        }
        line.clear();
        final long relative = Math.max(0, timestampNanos - startNanos);
        line.appendDecimalRight(relative / 1_000_000_000L, 4).append('.')
            .appendDecimal(relative % 1_000_000_000L / 1000, 6).append(' ');
        final int channel = channel(interfaceName);
        if (frame.isFd())
        {
            appendFd(frame, channel);
        }
        else
        {
            appendClassic(frame, channel);
        }
        line.append('\n').writeTo(out);
        framesWritten++;
    }

    private void writeHeader(final long timestampNanos) throws IOException
    {
        final Instant start = Instant.ofEpochSecond(Math.floorDiv(timestampNanos, 1_000_000_000L));
        line.clear().append("date ").append(CTIME.format(start.atZone(zone))).append('\n')
            .append("base hex  timestamps absolute\n")
            .append("no internal events logged\n")
            .append("// version 18.2.0\n")
            .append("// Measurement UUID: cc9c7b54-68ae-46d2-a43a-6aa87df7dd74\n")
            .writeTo(out);
    }

    /** log2asc's {@code can_asc}. */
    private void appendClassic(final ReadableFrame frame, final int channel)
    {
        line.appendDecimalLeft(channel, 2).append(' ');
        if (frame.isError())
        {
            line.append("ErrorFrame");
            return;
        }
        appendId(frame, 15, false);
        line.append(' ').append(direction(frame)).append("   ");
        final int length = frame.length();
        final int dlc = frame.len8Dlc() != 0 && length == Dlc.MAX_CLASSIC_LENGTH ? frame.len8Dlc() : length;
        if (frame.isRemote())
        {
            line.append("r ").appendHex(dlc, true);
            return;
        }
        line.append("d ").appendHex(dlc, true);
        for (int i = 0; i < length; i++)
        {
            line.append(' ').appendHexByte(frame.data(i));
        }
    }

    /** log2asc's {@code canfd_asc} for a CAN FD frame. */
    private void appendFd(final ReadableFrame frame, final int channel)
    {
        line.append("CANFD ").appendDecimalRight(channel, 3).append(' ').append(direction(frame)).append("   ");
        appendId(frame, 11, true);
        line.repeat(' ', 34)
            .append(frame.isBitRateSwitch() ? '1' : '0').append(' ')
            .append(frame.isErrorStateIndicator() ? '1' : '0').append(' ');
        final int length = frame.length();
        line.appendHex(Dlc.fdDlc(length), false).append(' ').appendDecimalRight(length, 2);
        for (int i = 0; i < length; i++)
        {
            line.append(' ').appendHexByte(frame.data(i));
        }
        final int flags = ASC_F_FDF | (frame.isBitRateSwitch() ? ASC_F_BRS : 0)
            | (frame.isErrorStateIndicator() ? ASC_F_ESI : 0);
        line.append(' ').appendDecimalRight(130000, 8).append(' ').appendDecimalRight(130, 4).append(' ')
            .repeat(' ', 8 - AsciiLine.hexWidth(flags)).appendHex(flags, true).append(" 0 0 0 0 0");
    }

    /** {@code "%X%c"} with 'x' for extended ids, left-aligned ({@code %-15s}) or right-aligned ({@code %11s}). */
    private void appendId(final ReadableFrame frame, final int width, final boolean right)
    {
        final int textWidth = AsciiLine.hexWidth(frame.id()) + 1;
        if (right)
        {
            line.repeat(' ', width - textWidth);
        }
        line.appendHex(frame.id(), true).append(frame.isExtended() ? 'x' : ' ');
        if (!right)
        {
            line.repeat(' ', width - textWidth);
        }
    }

    private static String direction(final ReadableFrame frame)
    {
        return frame.isLocalOrigin() ? "Tx" : "Rx";
    }

    private int channel(final String interfaceName)
    {
        for (int i = 0; i < channels.size(); i++)
        {
            if (channels.get(i).equals(interfaceName))
            {
                return i + 1;
            }
        }
        channels.add(interfaceName);
        return channels.size();
    }

    @Override
    public long framesWritten()
    {
        return framesWritten;
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
