package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) ends the long-running commands cleanly: the final counts are printed, output is complete. */
class CtrlCTest
{
    private static final int EXIT_ON_SIGINT = 128 + 2;

    @Test
    void ctrlCEndsGenWithItsFinalCounts(@TempDir final Path dir) throws Exception
    {
        try (Subprocess gen = Subprocess.start(dir.resolve("out"), "gen", "virtual:ctrlc-gen", "-g", "1", "-v"))
        {
            gen.awaitErrLine("  virtual:ctrlc-gen  ", 60, TimeUnit.SECONDS);
            gen.interrupt();
            assertEquals(EXIT_ON_SIGINT, gen.awaitExit(30, TimeUnit.SECONDS));
            final List<String> err = gen.errLines();
            final String last = err.getLast();
            assertTrue(last.matches("gen: \\d+ frames sent in [0-9.]+ s \\([0-9.]+ frames/s\\), \\d+ ENOBUFS "
                + "retries, 0 drops"), last);
        }
    }

    @Test
    void ctrlCEndsDumpWithItsFinalCounts(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("out");
        try (Subprocess dump = Subprocess.start(out, "dump", "-L", "virtual:ctrlc-dump"))
        {
            dump.awaitErrLine("dump: listening on virtual:ctrlc-dump", 60, TimeUnit.SECONDS);
            dump.interrupt();
            assertEquals(EXIT_ON_SIGINT, dump.awaitExit(30, TimeUnit.SECONDS));
            assertTrue(dump.errLines().getLast().matches("dump: 0 frames in [0-9.]+ s \\(0.0 frames/s\\), 0 "
                + "dropped"), dump.errLines().toString());
            assertEquals("", Files.readString(out));
        }
    }

    @Test
    void ctrlCEndsAnEndlessReplayWithItsFinalCounts(@TempDir final Path dir) throws Exception
    {
        final Path log = dir.resolve("loop.log");
        Files.writeString(log, "(0.000000) can0 123#01\n(0.010000) can0 124#02\n");
        try (Subprocess replay = Subprocess.start(dir.resolve("out"), "replay", "-I", log.toString(), "-l", "i",
            "-v", "virtual:ctrlc-replay=can0"))
        {
            replay.awaitErrLine("virtual:ctrlc-replay (can0) 124#02", 60, TimeUnit.SECONDS);
            replay.interrupt();
            assertEquals(EXIT_ON_SIGINT, replay.awaitExit(30, TimeUnit.SECONDS));
            final String last = replay.errLines().getLast();
            assertTrue(last.matches("replay: \\d+ frames sent in [0-9.]+ s, 0 skipped, \\d+ loops, latest frame "
                + "[0-9.]+ us after its deadline \\(stopped\\)"), last);
        }
    }
}
