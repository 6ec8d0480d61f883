package org.panacan.cli;

import java.io.PrintStream;

/**
 * A status line on stderr that rewrites itself ({@code \r}) while a command runs, at most a few times a second, and
 * only on a terminal; the final line is always printed with a line feed.
 */
final class ProgressLine
{
    private static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean live;
    private long nextUpdate;
    private int lastLength;

    ProgressLine(final PrintStream out, final boolean live)
    {
        this.out = out;
        this.live = live;
        this.nextUpdate = System.nanoTime() + INTERVAL_NANOS;
    }

    /** Whether stderr is an interactive terminal. */
    static boolean isTerminal()
    {
        final java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Whether an update is due now (cheap: call it on every iteration). */
    boolean isDue(final long nowNanos)
    {
        return live && nowNanos - nextUpdate >= 0;
    }

    /** Rewrites the line. */
    void update(final String text, final long nowNanos)
    {
        nextUpdate = nowNanos + INTERVAL_NANOS;
        out.print('\r' + text + " ".repeat(Math.max(0, lastLength - text.length())));
        out.flush();
        lastLength = text.length();
    }

    /** Prints the final line. */
    void finish(final String text)
    {
        if (live && lastLength > 0)
        {
            out.print('\r' + text + " ".repeat(Math.max(0, lastLength - text.length())) + System.lineSeparator());
        }
        else
        {
            out.println(text);
        }
        out.flush();
    }
}
