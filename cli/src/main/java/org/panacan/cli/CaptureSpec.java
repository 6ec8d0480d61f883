package org.panacan.cli;

import java.util.ArrayList;
import java.util.List;

import org.panacan.BusConfig;
import org.panacan.CanFilter;

import picocli.CommandLine;

/**
 * What candump takes per interface: {@code <interface>[,filter]*} with filters {@code <id>:<mask>} (passes when
 * {@code received_id & mask == id & mask}), {@code <id>~<mask>} (the inverse), {@code #<error mask>} and {@code j}
 * (a frame must pass all filters). As in candump, an 8-digit id sets the extended-frame bit, values are hex, and
 * without filters every data frame passes.
 *
 * @param interfaceName the interface, {@code any}, or {@code virtual:<channel>}
 * @param filters       kernel filters; empty passes every data frame
 * @param errorMask     the error classes to receive (the 32 bits of {@code #<errmask>}), or -1 when the spec names
 *                      none
 * @param join          whether a frame must pass every filter
 */
record CaptureSpec(String interfaceName, List<CanFilter> filters, long errorMask, boolean join)
{
    private static final int CAN_EFF_FLAG = 0x8000_0000;
    private static final int CAN_ERR_FLAG = 0x2000_0000;

    /** Parses a spec; throws {@link CommandLine.TypeConversionException} naming the bad part. */
    static CaptureSpec parse(final String text)
    {
        final String[] parts = text.split(",", -1);
        Buses.config(parts[0]); // validates the name
        final List<CanFilter> filters = new ArrayList<>();
        long errorMask = -1;
        boolean join = false;
        for (int i = 1; i < parts.length; i++)
        {
            final String part = parts[i];
            final int colon = part.indexOf(':');
            final int tilde = part.indexOf('~');
            if (part.equalsIgnoreCase("j"))
            {
                join = true;
            }
            else if (part.startsWith("#"))
            {
                errorMask = hex(part.substring(1), part, text);
            }
            else if (colon > 0 || tilde > 0)
            {
                final int split = colon > 0 ? colon : tilde;
                int canId = (int)hex(part.substring(0, split), part, text);
                final int canMask = (int)hex(part.substring(split + 1), part, text) & ~CAN_ERR_FLAG;
                if (split == 8)
                {
                    canId |= CAN_EFF_FLAG;
                }
                final CanFilter filter = CanFilter.raw(canId, canMask);
                filters.add(colon > 0 ? filter : filter.inverted());
            }
            else
            {
                throw new CommandLine.TypeConversionException("'" + part + "' in '" + text
                    + "' is not a filter (<id>:<mask>, <id>~<mask>, #<error mask> or j)");
            }
        }
        if (filters.size() > BusConfig.MAX_FILTERS)
        {
            throw new CommandLine.TypeConversionException(filters.size() + " filters in '" + text
                + "' exceed the kernel's limit of " + BusConfig.MAX_FILTERS);
        }
        return new CaptureSpec(parts[0], List.copyOf(filters), errorMask, join);
    }

    /** The interface names, for messages: {@code vcan0, vcan1}. */
    static String names(final List<CaptureSpec> specs)
    {
        return String.join(", ", specs.stream().map(CaptureSpec::interfaceName).toList());
    }

    /** The width candump pads interface names to: the longest name given. */
    static int displayWidth(final List<CaptureSpec> specs)
    {
        return specs.stream().mapToInt(spec -> Buses.displayName(spec.interfaceName()).length()).max().orElse(0);
    }

    private static long hex(final String digits, final String part, final String text)
    {
        if (digits.isEmpty() || digits.length() > 8 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0
            && c < 128))
        {
            throw new CommandLine.TypeConversionException("'" + part + "' in '" + text
                + "' needs 1 to 8 hex digits where it has '" + digits + "'");
        }
        return Long.parseLong(digits, 16);
    }

    /** picocli converter. */
    static final class Converter implements CommandLine.ITypeConverter<CaptureSpec>
    {
        @Override
        public CaptureSpec convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final CommandLine.TypeConversionException ex)
            {
                throw ex;
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }
}
