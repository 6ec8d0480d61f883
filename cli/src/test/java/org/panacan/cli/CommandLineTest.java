package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argument handling: usage, help, exit codes, bad input named precisely. */
class CommandLineTest
{
    @Test
    void noSubcommandPrintsUsageAndExitsWithTwo()
    {
        final Cli.Run run = Cli.run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Usage: panacan"), run.err());
        assertTrue(run.err().contains("dump"), run.err());
    }

    @Test
    void unknownSubcommandPrintsUsageAndExitsWithTwo()
    {
        final Cli.Run run = Cli.run("bogus", "vcan0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("panacan: unknown subcommand 'bogus'"), run.err());
        assertTrue(run.err().contains("Usage: panacan"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aMistypedSubcommandGetsASuggestion()
    {
        final Cli.Run run = Cli.run("dupm");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("dump"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dump", "send", "gen", "record", "replay", "isotp", "bcm", "perf"})
    void everySubcommandHasHelp(final String subcommand)
    {
        final Cli.Run run = Cli.run(subcommand, "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: panacan " + subcommand), run.out());
    }

    @Test
    void helpSubcommandShowsASubcommandsHelp()
    {
        final Cli.Run run = Cli.run("help", "replay");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("<target>=<logged>"), run.out());
    }

    @Test
    void versionExitsWithZero()
    {
        final Cli.Run run = Cli.run("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("panacan "), run.out());
    }

    @Test
    void unknownOptionIsAUsageError()
    {
        final Cli.Run run = Cli.run("dump", "--frobnicate", "vcan0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--frobnicate"), run.err());
        assertTrue(run.err().contains("Usage: panacan dump"), run.err());
    }

    @Test
    void missingParameterIsAUsageError()
    {
        final Cli.Run run = Cli.run("send", "vcan0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("<frame>"), run.err());
    }

    @Test
    void malformedFrameNamesTheColumnWithACaret()
    {
        final Cli.Run run = Cli.run("send", "virtual:cli-malformed", "123#DEADBEE");
        assertEquals(2, run.exitCode());
        assertEquals("""
            send: column 11: odd number of hex digits in the payload
              123#DEADBEE
                        ^
            """, run.err());
    }

    @Test
    void malformedFilterNamesTheFilter()
    {
        final Cli.Run run = Cli.run("dump", "vcan0,123:7FF,12G:7FF");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'12G:7FF' in 'vcan0,123:7FF,12G:7FF' needs 1 to 8 hex digits"), run.err());
    }

    @Test
    void badTimestampModeIsAUsageError()
    {
        final Cli.Run run = Cli.run("dump", "-t", "q", "vcan0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'q' is not a timestamp mode"), run.err());
    }

    @Test
    void overlongInterfaceNameIsAUsageError()
    {
        final Cli.Run run = Cli.run("dump", "averyveryverylongname");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not an interface name"), run.err());
    }

    @Test
    void replayOfAMissingFileFailsWithOne(@TempDir final Path dir)
    {
        final Cli.Run run = Cli.run("replay", "-I", dir.resolve("missing.log").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("cannot read"), run.err());
    }

    @Test
    void replayOfAMalformedLogNamesLineAndColumn(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("bad.log");
        Files.writeString(log, "(1.000000) can0 123#11\n(1.000001) can0 123#1\n");
        final Cli.Run run = Cli.run("replay", "-I", log.toString(), "-t", "virtual:cli-bad=can0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("line 2, column 21: odd number of hex digits in the payload"), run.err());
        assertTrue(run.err().contains("1 frames sent before the failure"), run.err());
    }

    @Test
    void badInterfaceAssignmentIsAUsageError(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("ok.log");
        Files.writeString(log, "(1.000000) can0 123#11\n");
        final Cli.Run run = Cli.run("replay", "-I", log.toString(), "vcan0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("interface assignment 'vcan0' is not <target>=<logged>"), run.err());
    }

    @Test
    void badGenerationModeIsAUsageError()
    {
        final Cli.Run run = Cli.run("gen", "virtual:cli-gen", "-D", "12Z4", "-n", "1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("payload '12Z4' has 'Z' at 3"), run.err());
    }
}
