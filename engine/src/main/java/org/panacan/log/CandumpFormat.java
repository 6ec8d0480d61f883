package org.panacan.log;

import org.panacan.ReadableFrame;

/**
 * How a candump log line is written: {@code (1700000000.123456) can0 123#DEADBEEF}, exactly as {@code candump -L}
 * and {@code candump -l} print it ({@code "(%010lu.%06lu) %*s %s"}).
 *
 * @param nanoseconds    nine decimal places instead of six (candump {@code -N}, can-utils 2025.01 and later)
 * @param interfaceWidth the interface name is right-aligned to this width, as candump pads it to the longest
 *                       interface name given on its command line ({@code %*s}); 0 for no padding
 * @param markFdf        CAN FD flags include {@code CANFD_FDF} (4): {@code 123##5..} for BRS. candump prints the
 *                       flags the kernel delivers, and Linux 6.1 and later mark every CAN FD frame with FDF (can-utils
 *                       2023.03 and later add it themselves), so today's candump logs have it; older combinations
 *                       write {@code 123##1..}. Both read back the same, and a {@link LoggedFrame} is always written
 *                       with the nibble it was read with.
 * @param directionMarker append {@code " T"} for frames sent from this host ({@link ReadableFrame#isLocalOrigin()})
 *                       and {@code " R"} for the others, as candump {@code -x} does in log output (a
 *                       {@link LoggedFrame} read without a marker is written without one, as asc2log does)
 */
public record CandumpFormat(boolean nanoseconds, int interfaceWidth, boolean markFdf, boolean directionMarker)
{
    /** What {@code candump -L} on one interface prints on Linux 6.1 or later, or with can-utils 2023.03 or later. */
    public static final CandumpFormat DEFAULT = new CandumpFormat(false, 0, true, false);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public CandumpFormat
    {
        if (interfaceWidth < 0 || interfaceWidth > 16)
        {
            throw new IllegalArgumentException("interface width " + interfaceWidth + " is outside 0..16");
        }
    }

    public CandumpFormat withNanoseconds(final boolean nanoseconds)
    {
        return new CandumpFormat(nanoseconds, interfaceWidth, markFdf, directionMarker);
    }

    public CandumpFormat withInterfaceWidth(final int interfaceWidth)
    {
        return new CandumpFormat(nanoseconds, interfaceWidth, markFdf, directionMarker);
    }

    public CandumpFormat withMarkFdf(final boolean markFdf)
    {
        return new CandumpFormat(nanoseconds, interfaceWidth, markFdf, directionMarker);
    }

    public CandumpFormat withDirectionMarker(final boolean directionMarker)
    {
        return new CandumpFormat(nanoseconds, interfaceWidth, markFdf, directionMarker);
    }

    /** The log line for {@code frame}, without the line feed. Allocates; writers use the free path. */
    public String format(final ReadableFrame frame, final String interfaceName, final long timestampNanos)
    {
        return append(new AsciiLine(), frame, interfaceName, timestampNanos).toString();
    }

    AsciiLine append(
        final AsciiLine line, final ReadableFrame frame, final String interfaceName, final long timestampNanos)
    {
        appendTimestamp(line, timestampNanos, nanoseconds).append(' ');
        line.appendRight(interfaceName, interfaceWidth).append(' ');
        CanSendSyntax.append(frame, line, markFdf);
        if (directionMarker && !(frame instanceof LoggedFrame logged && !logged.hasDirectionMarker()))
        {
            line.append(' ').append(frame.isLocalOrigin() ? 'T' : 'R');
        }
        return line;
    }

    /** {@code (%010lu.%06lu)}: seconds and microseconds, truncated as the kernel's timeval is. */
    static AsciiLine appendTimestamp(final AsciiLine line, final long timestampNanos, final boolean nanoseconds)
    {
        final long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
        final long fraction = Math.floorMod(timestampNanos, NANOS_PER_SECOND);
        line.append('(').appendDecimal(seconds, 10).append('.');
        if (nanoseconds)
        {
            line.appendDecimal(fraction, 9);
        }
        else
        {
            line.appendDecimal(fraction / 1000, 6);
        }
        return line.append(')');
    }
}
