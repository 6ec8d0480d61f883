package org.panacan.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The standard streams a command writes to: frames and logs on {@code stdout} (raw bytes, buffered by the
 * command, whole lines at a time), progress, summaries and errors on {@code stderr}.
 */
public record Streams(OutputStream stdout, PrintStream stderr)
{
}
