package org.panacan.cli;

import java.math.BigDecimal;
import java.time.Duration;

import picocli.CommandLine;

/**
 * Durations on the command line: a number with a unit ({@code 100ms}, {@code 2.5s}, {@code 500us}, {@code 50ns}),
 * or a plain number of milliseconds, as can-utils takes its gaps.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    @Override
    public Duration convert(final String value)
    {
        final String text = value.trim();
        int split = text.length();
        while (split > 0 && !Character.isDigit(text.charAt(split - 1)) && text.charAt(split - 1) != '.')
        {
            split--;
        }
        final String unit = text.substring(split);
        final long nanosPerUnit = switch (unit)
        {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "", "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> throw new CommandLine.TypeConversionException("'" + value + "' has unknown unit '" + unit
                + "' (ns, us, ms or s; no unit: ms)");
        };
        try
        {
            final BigDecimal nanos =
                new BigDecimal(text.substring(0, split)).multiply(BigDecimal.valueOf(nanosPerUnit));
            if (nanos.signum() < 0)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return Duration.ofNanos(nanos.longValueExact());
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 100ms, 2.5s)");
        }
    }
}
