package org.panacan.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits a character stream into lines without allocating per line: {@link #next()} returns a view over the read
 * buffer that is valid until the following call. Accepts LF and CRLF endings and a last line without one.
 */
final class LineReader implements Closeable
{
    /** Longer lines are not a log (can-utils' own limit is 6300 characters per frame). */
    static final int MAX_LINE_LENGTH = 1 << 16;

    private final Reader in;
    private final Line line = new Line();
    private char[] buffer = new char[1 << 14];
    private int start;
    private int limit;
    private int scanned;
    private int lineNumber;
    private boolean endOfInput;

    LineReader(final Reader in)
    {
        this.in = in;
    }

    /** The number of the line {@link #next()} returned last, counted from 1. */
    int lineNumber()
    {
        return lineNumber;
    }

    /** The next line without its line ending, or {@code null} at the end of the input. */
    CharSequence next() throws IOException
    {
        while (true)
        {
            for (int i = scanned; i < limit; i++)
            {
                if (buffer[i] == '\n')
                {
                    return take(i, i + 1);
                }
            }
            scanned = limit;
            if (endOfInput)
            {
                return start < limit ? take(limit, limit) : null;
            }
            if (limit - start >= MAX_LINE_LENGTH)
            {
                throw new FrameSyntaxException(lineNumber + 1, MAX_LINE_LENGTH,
                    "line longer than " + MAX_LINE_LENGTH + " characters", new String(buffer, start, 80) + "...");
            }
            fill();
        }
    }

    private CharSequence take(final int end, final int next)
    {
        final int lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
        line.wrap(buffer, start, lineEnd - start);
        start = next;
        scanned = next;
        lineNumber++;
        return line;
    }

    private void fill() throws IOException
    {
        if (start > 0)
        {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            scanned -= start;
            start = 0;
        }
        if (limit == buffer.length)
        {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        final int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0)
        {
            endOfInput = true;
        }
        else
        {
            limit += read;
        }
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    /** A line as a {@link CharSequence} over the read buffer. */
    static final class Line implements CharSequence
    {
        private char[] chars;
        private int offset;
        private int length;

        void wrap(final char[] chars, final int offset, final int length)
        {
            this.chars = chars;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public char charAt(final int index)
        {
            return chars[offset + index];
        }

        @Override
        public CharSequence subSequence(final int from, final int to)
        {
            return new String(chars, offset + from, to - from);
        }

        /** Whether {@code text} equals the characters in {@code [from, to)}. */
        boolean regionEquals(final int from, final int to, final String text)
        {
            if (text.length() != to - from)
            {
                return false;
            }
            for (int i = from; i < to; i++)
            {
                if (chars[offset + i] != text.charAt(i - from))
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString()
        {
            return new String(chars, offset, length);
        }
    }
}
