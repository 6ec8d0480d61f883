package org.panacan.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the panacan command line in this JVM with captured output. */
final class Cli
{
    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err)
    {
    }

    private Cli()
    {
    }

    static Run run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = PanacanMain.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
