package org.panacan.log;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.panacan.ReadableFrame;

/**
 * Writes a candump log that {@code canplayer}, {@code log2asc} and {@link CandumpLogReader} read, byte for byte what
 * {@code candump -l} writes for the same frames (see {@link CandumpFormat} for the variants). Each line is formatted
 * whole and written in one call, so an interrupted recording ends with a complete line once the writer is flushed.
 */
public final class CandumpLogWriter implements FrameLogWriter
{
    private final OutputStream out;
    private final CandumpFormat format;
    private final AsciiLine line = new AsciiLine();
    private long framesWritten;

    /** Writes to {@code out} (buffered here) in {@code format}. */
    public CandumpLogWriter(final OutputStream out, final CandumpFormat format)
    {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.format = format;
    }

    /** Creates (or truncates) {@code path} and writes to it in the default format. */
    public static CandumpLogWriter create(final Path path) throws IOException
    {
        return new CandumpLogWriter(Files.newOutputStream(path), CandumpFormat.DEFAULT);
    }

    public CandumpFormat format()
    {
        return format;
    }

    @Override
    public void write(final ReadableFrame frame, final String interfaceName, final long timestampNanos)
        throws IOException
    {
        format.append(line.clear(), frame, interfaceName, timestampNanos).append('\n').writeTo(out);
        framesWritten++;
    }

    /** Writes a comment line (canplayer skips lines that do not start with '('); {@code text} must not start so. */
    public void writeComment(final String text) throws IOException
    {
        if (text.startsWith("(") || text.indexOf('\n') >= 0)
        {
            throw new IllegalArgumentException("a comment must be one line not starting with '(': " + text);
        }
        line.clear().append(text).append('\n').writeTo(out);
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
