package org.panacan.cli;

import java.io.ByteArrayOutputStream;
import java.util.List;

import picocli.CommandLine;

/** Hex values on the command line, as can-utils takes them. */
final class HexArgs
{
    private HexArgs()
    {
    }

    /** An identifier: 1 to 8 hex digits; 8 digits (or a value above 7FF) make it a 29-bit id, as in can-utils. */
    static boolean isExtendedId(final String text)
    {
        return text.length() > 7 || id(text) > 0x7FF;
    }

    static int id(final String text)
    {
        final long value = number(text, 8, "CAN id");
        if (value > 0x1FFF_FFFF)
        {
            throw new CommandLine.TypeConversionException("CAN id '" + text + "' exceeds 1FFFFFFF");
        }
        return (int)value;
    }

    /** A byte: 1 or 2 hex digits. */
    static int octet(final String text, final String what)
    {
        return (int)number(text, 2, what);
    }

    /** A hex number of 1 to {@code maxDigits} digits. */
    static long number(final String text, final int maxDigits, final String what)
    {
        if (text.isEmpty() || text.length() > maxDigits || !text.chars().allMatch(c -> c < 128
            && Character.digit(c, 16) >= 0))
        {
            throw new CommandLine.TypeConversionException(what + " '" + text + "' needs 1 to " + maxDigits
                + " hex digits");
        }
        return Long.parseLong(text, 16);
    }

    /** Bytes from hex words ("11 22 33", "112233", "11.22.33", mixed), as isotpsend reads them. */
    static byte[] bytes(final List<String> words)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (final String word : words)
        {
            for (final String part : word.trim().split("[\\s.:]+"))
            {
                if (part.isEmpty())
                {
                    continue;
                }
                if (part.length() % 2 != 0 && part.length() > 2)
                {
                    throw new CommandLine.TypeConversionException("'" + part + "' has an odd number of hex digits");
                }
                for (int i = 0; i < part.length(); i += 2)
                {
                    bytes.write(octet(part.substring(i, Math.min(i + 2, part.length())), "byte"));
                }
            }
        }
        return bytes.toByteArray();
    }
}
