package org.panacan.log;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

import org.panacan.ReadableFrame;

/**
 * Writes a frame log a whole line at a time: a candump log ({@link CandumpLogWriter}) or a Vector ASC log
 * ({@link AscLogWriter}). Formatting allocates nothing per frame; output is buffered until {@link #flush()} or
 * {@link #close()}. Not thread-safe.
 */
public interface FrameLogWriter extends Closeable, Flushable
{
    /** Writes {@code frame} as seen on {@code interfaceName} at {@code timestampNanos} (since the epoch). */
    void write(ReadableFrame frame, String interfaceName, long timestampNanos) throws IOException;

    /** Writes {@code frame} with its own receive timestamp. */
    default void write(final ReadableFrame frame, final String interfaceName) throws IOException
    {
        write(frame, interfaceName, frame.timestampNanos());
    }

    /** Frames written so far. */
    long framesWritten();
}
