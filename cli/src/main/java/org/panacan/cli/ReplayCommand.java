package org.panacan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.log.CanSendSyntax;
import org.panacan.log.CandumpLogReader;
import org.panacan.log.FrameLogReader;
import org.panacan.log.LogReplayer;
import org.panacan.log.ReplayOptions;
import org.panacan.log.ReplayResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panacan replay}: canplayer. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {"Replays a candump log (or a Vector ASC log, *.asc) with its original timing, as canplayer does: "
        + "every frame at an absolute deadline from the log's timestamps, optionally faster or slower, looped, on "
        + "other interfaces.",
        "Interface assignments <target>=<logged> send frames logged on <logged> to <target>; with assignments, "
            + "frames of other interfaces are skipped; without, each goes to the interface it was logged on.",
        "Lines not starting with '(' are comments. Ctrl-C ends the replay with the counts."},
    footer = {"%nExamples:",
        "  panacan replay -I trace.log",
        "  panacan replay -I trace.log --speed 2 -l 3 vcan0=can0 vcan1=can1",
        "  panacan replay -I trace.log -t -l i vcan0=can0    (as fast as possible, forever)"})
final class ReplayCommand implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Option(names = {"-I", "--input"}, paramLabel = "<file>", required = true,
        description = "The log to replay; '-' reads standard input.")
    private String input;

    @Parameters(paramLabel = "<target>=<logged>", arity = "0..*", description = "Interface assignments.")
    private List<String> assignments = List.of();

    @Option(names = {"-l", "--loops"}, paramLabel = "<n|i>", description = "Replay <n> times, i: forever "
        + "(default: 1).")
    private String loops = "1";

    @Option(names = {"-t", "--ignore-timestamps"}, description = "Send frames as fast as possible.")
    private boolean ignoreTimestamps;

    @Option(names = "--speed", paramLabel = "<factor>", description = "Timing factor: 2 twice as fast, 0.5 half "
        + "as fast (default: 1).")
    private double speed = 1;

    @Option(names = {"-s", "--skip-gaps"}, paramLabel = "<s>", description = "Skip pauses longer than <s> seconds.")
    private long skipGapSeconds;

    @Option(names = {"-n", "--count"}, paramLabel = "<count>", description = "Stop after <count> frames.")
    private long count;

    @Option(names = {"-x", "--no-loopback"}, description = "Other sockets on this host do not see the frames.")
    private boolean noLoopback;

    @Option(names = {"-v", "--verbose"}, description = "Print each frame sent.")
    private boolean verbose;

    @Option(names = "--spin", paramLabel = "<us>", description = "Spin instead of parking this long before each "
        + "deadline (default: ${DEFAULT-VALUE} us).")
    private long spinMicros = 200;

    @Option(names = "--timeout", paramLabel = "<ms>", description = "How long a send retries a full transmit "
        + "queue (default: ${DEFAULT-VALUE} ms).")
    private long timeoutMillis = 1000;

    @Override
    public Integer call() throws IOException
    {
        final ReplayOptions options = options();
        final boolean stdin = "-".equals(input);
        if (stdin && options.loops() != 1)
        {
            throw new IllegalArgumentException("standard input can be replayed once only (-l 1)");
        }
        if (!stdin && !Files.isReadable(Path.of(input)))
        {
            throw new IOException("cannot read " + input);
        }
        final Streams streams = parent.streams();
        final Map<String, CanBus> buses = new HashMap<>();
        for (final String target : options.interfaceMap().values())
        {
            bus(buses, target); // open before the first deadline, not in the middle of the schedule
        }
        final LogReplayer.Target send = LogReplayer.toBuses(name -> bus(buses, name),
            Duration.ofMillis(timeoutMillis).toNanos());
        final LogReplayer[] replayer = new LogReplayer[1];
        final LogReplayer.Target target = (frame, interfaceName) ->
        {
            send.send(frame, interfaceName);
            if (verbose)
            {
                streams.stderr().println(interfaceName + " (" + frame.interfaceName() + ") "
                    + CanSendSyntax.format(frame));
            }
            if (count > 0 && replayer[0].framesSent() + 1 >= count)
            {
                replayer[0].stop();
            }
        };
        replayer[0] = new LogReplayer(() -> stdin ? new CandumpLogReader(System.in) : FrameLogReader.open(
            Path.of(input)), target, options);
        try (ShutdownSignal signal = ShutdownSignal.install(replayer[0]::stop))
        {
            final long start = System.nanoTime();
            try
            {
                final ReplayResult result = replayer[0].run();
                streams.stderr().printf("replay: %d frames sent in %.3f s, %d skipped, %d loops, latest frame "
                    + "%.1f us after its deadline%s%n", result.framesSent(), (System.nanoTime() - start) / 1e9,
                    result.framesSkipped(), result.loopsCompleted(), result.maxLatenessNanos() / 1e3,
                    result.stopped() && count == 0 ? " (stopped)" : "");
            }
            catch (final IOException | RuntimeException ex)
            {
                streams.stderr().printf("replay: %d frames sent before the failure%n", replayer[0].framesSent());
                throw ex;
            }
            finally
            {
                buses.values().forEach(CanBus::close);
            }
        }
        return 0;
    }

    private CanBus bus(final Map<String, CanBus> buses, final String name) throws CanException
    {
        CanBus bus = buses.get(name);
        if (bus == null)
        {
            bus = Buses.open(name, config -> config.localLoopback(!noLoopback));
            buses.put(name, bus);
        }
        return bus;
    }

    private ReplayOptions options()
    {
        final Map<String, String> map = new LinkedHashMap<>();
        for (final String assignment : assignments)
        {
            final int equals = assignment.indexOf('=');
            if (equals <= 0 || equals == assignment.length() - 1)
            {
                throw new IllegalArgumentException("interface assignment '" + assignment
                    + "' is not <target>=<logged>");
            }
            Buses.config(assignment.substring(0, equals));
            map.put(assignment.substring(equals + 1), assignment.substring(0, equals));
        }
        final int loopCount;
        if ("i".equals(loops))
        {
            loopCount = ReplayOptions.FOREVER;
        }
        else
        {
            try
            {
                loopCount = Integer.parseInt(loops);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("loops '" + loops + "' is not a number or i");
            }
            if (loopCount < 1)
            {
                throw new IllegalArgumentException("loops must be at least 1 (or i for forever), not " + loops);
            }
        }
        return ReplayOptions.DEFAULT.withSpeed(ignoreTimestamps ? Double.POSITIVE_INFINITY : speed)
            .withLoops(loopCount).withInterfaceMap(map).withMaxGap(Duration.ofSeconds(skipGapSeconds))
            .withSpinThreshold(Duration.ofNanos(spinMicros * 1000));
    }
}
