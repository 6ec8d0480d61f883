package org.panacan.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable line of ASCII bytes with the few printf conversions the log formats need ({@code %X}, {@code %02X},
 * {@code %010lu}, {@code %4d}, {@code %-15s}). Writers format a whole line here and hand it to the stream in one
 * call, so a line is never half-written and formatting allocates nothing.
 */
final class AsciiLine
{
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[256];
    private int length;

    AsciiLine clear()
    {
        length = 0;
        return this;
    }

    int length()
    {
        return length;
    }

    AsciiLine append(final char c)
    {
        ensure(1);
        bytes[length++] = (byte)c;
        return this;
    }

    AsciiLine append(final CharSequence text)
    {
        final int count = text.length();
        ensure(count);
        for (int i = 0; i < count; i++)
        {
            bytes[length++] = (byte)text.charAt(i);
        }
        return this;
    }

    AsciiLine repeat(final char c, final int count)
    {
        if (count > 0)
        {
            ensure(count);
            Arrays.fill(bytes, length, length + count, (byte)c);
            length += count;
        }
        return this;
    }

    /** {@code %*s}: {@code text} right-aligned in {@code width} columns. */
    AsciiLine appendRight(final CharSequence text, final int width)
    {
        return repeat(' ', width - text.length()).append(text);
    }

    /** {@code %-*s}: {@code text} left-aligned in {@code width} columns. */
    AsciiLine appendLeft(final CharSequence text, final int width)
    {
        return append(text).repeat(' ', width - text.length());
    }

    AsciiLine appendHexDigit(final int nibble)
    {
        return appendByte(HEX[nibble & 0xF]);
    }

    AsciiLine appendHexByte(final int value)
    {
        ensure(2);
        bytes[length++] = HEX[(value >> 4) & 0xF];
        bytes[length++] = HEX[value & 0xF];
        return this;
    }

    AsciiLine appendLowerHexByte(final int value)
    {
        ensure(2);
        bytes[length++] = HEX_LOWER[(value >> 4) & 0xF];
        bytes[length++] = HEX_LOWER[value & 0xF];
        return this;
    }

    /** {@code %0<digits>X} of the low {@code 4 * digits} bits. */
    AsciiLine appendHex(final long value, final int digits)
    {
        ensure(digits);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            bytes[length++] = HEX[(int)(value >>> shift) & 0xF];
        }
        return this;
    }

    /** {@code %X} (or {@code %x}): no leading zeros. */
    AsciiLine appendHex(final int value, final boolean upperCase)
    {
        final byte[] digits = upperCase ? HEX : HEX_LOWER;
        int shift = 28;
        while (shift > 0 && (value >>> shift) == 0)
        {
            shift -= 4;
        }
        ensure(8);
        for (; shift >= 0; shift -= 4)
        {
            bytes[length++] = digits[(value >>> shift) & 0xF];
        }
        return this;
    }

    /** Number of characters {@code %X} prints for {@code value}. */
    static int hexWidth(final int value)
    {
        return value == 0 ? 1 : (32 - Integer.numberOfLeadingZeros(value) + 3) / 4;
    }

    /** {@code %0<minDigits>lu} of a non-negative value. */
    AsciiLine appendDecimal(final long value, final int minDigits)
    {
        final int digits = Math.max(minDigits, decimalWidth(value));
        ensure(digits);
        long rest = value;
        for (int i = length + digits - 1; i >= length; i--)
        {
            bytes[i] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        length += digits;
        return this;
    }

    /** {@code %<width>d} of a non-negative value: right-aligned with spaces. */
    AsciiLine appendDecimalRight(final long value, final int width)
    {
        return repeat(' ', width - decimalWidth(value)).appendDecimal(value, 1);
    }

    /** {@code %-<width>d} of a non-negative value: left-aligned. */
    AsciiLine appendDecimalLeft(final long value, final int width)
    {
        appendDecimal(value, 1);
        return repeat(' ', width - decimalWidth(value));
    }

    static int decimalWidth(final long value)
    {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10)
        {
            digits++;
        }
        return digits;
    }

    void writeTo(final OutputStream out) throws IOException
    {
        out.write(bytes, 0, length);
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private AsciiLine appendByte(final byte b)
    {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    private void ensure(final int extra)
    {
        if (length + extra > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
