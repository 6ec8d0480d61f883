package org.panacan.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.panacan.CanException;

import picocli.CommandLine;

/**
 * Entry point of the {@code panacan} command. Exit codes: 0 success, 1 a failure at run time (the kernel said no,
 * a file could not be read), 2 bad usage (unknown subcommand or option, a malformed frame or filter).
 */
public final class PanacanMain
{
    /** Exit code for a failure at run time. */
    public static final int FAILURE = 1;
    /** Exit code for bad usage, as picocli and can-utils use it. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private PanacanMain()
    {
    }

    public static void main(final String[] args)
    {
        // stdout unbuffered by the JDK: commands buffer whole lines themselves and flush when they have to
        final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        final PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);
        System.exit(run(args, stdout, stderr));
    }

    /** Runs the command line {@code args} with the given standard streams; returns the exit code. */
    public static int run(final String[] args, final OutputStream stdout, final PrintStream stderr)
    {
        return commandLine(new Streams(stdout, stderr)).execute(args);
    }

    /** The configured picocli command line (tests drive it directly). */
    public static CommandLine commandLine(final Streams streams)
    {
        final CommandLine commandLine = new CommandLine(new PanacanCommand(streams));
        commandLine.setOut(new PrintWriter(streams.stdout(), true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(streams.stderr(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, args) ->
        {
            final CommandLine failed = ex.getCommandLine();
            final PrintWriter err = failed.getErr();
            final String name = failed.getCommandSpec().qualifiedName();
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && failed == commandLine
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().getFirst().startsWith("-"))
            {
                err.println(name + ": unknown subcommand '" + unmatched.getUnmatched().getFirst() + "'");
            }
            else
            {
                err.println(name + ": " + ex.getMessage());
            }
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            failed.usage(err);
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, line, parseResult) ->
        {
            final String name = line.getCommandSpec().qualifiedName();
            if (ex instanceof IllegalArgumentException || ex instanceof CommandLine.TypeConversionException)
            {
                // bad input found while running: a malformed frame, a frame the bus cannot carry
                line.getErr().println(name + ": " + ex.getMessage());
                return USAGE;
            }
            if (ex instanceof CanException || ex instanceof java.io.IOException)
            {
                line.getErr().println(name + ": " + ex.getMessage());
                return FAILURE;
            }
            throw ex;
        });
        return commandLine;
    }
}
