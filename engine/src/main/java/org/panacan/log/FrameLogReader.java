package org.panacan.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a frame log line by line, never the whole file: a candump log ({@link CandumpLogReader}) or a Vector ASC
 * log ({@link AscLogReader}). One {@link LoggedFrame} is reused for every frame, so reading allocates nothing per
 * frame. Not thread-safe.
 */
public interface FrameLogReader extends Closeable
{
    /**
     * The next frame, or {@code null} at the end of the log. The returned instance is overwritten by the next call;
     * keep {@link LoggedFrame#toFrame()} to hold on to it.
     *
     * @throws FrameSyntaxException when a line is malformed (line, column and reason)
     */
    LoggedFrame next() throws IOException;

    /** Opens {@code path} as an ASC log when its name ends in {@code .asc}, else as a candump log. */
    static FrameLogReader open(final Path path) throws IOException
    {
        return isAsc(path) ? AscLogReader.open(path) : CandumpLogReader.open(path);
    }

    /** Whether {@code path} names a Vector ASC log. */
    static boolean isAsc(final Path path)
    {
        final Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".asc");
    }
}
