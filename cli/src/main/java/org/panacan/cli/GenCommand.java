package org.panacan.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameFlags;
import org.panacan.TransmitTimeoutException;
import org.panacan.log.CanSendSyntax;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panacan gen}: cangen. */
@Command(
    name = "gen",
    mixinStandardHelpOptions = true,
    description = {"Generates frames, as cangen does: ids, lengths and payloads random, incrementing or fixed.",
        "A live line on stderr shows frames sent, the rate, ENOBUFS retries and drops; Ctrl-C ends with the counts.",
        "Generation modes: r random (default), e random even id, o random odd id, i increment, <hex> fixed",
        "(payload nibbles written x are random)."},
    footer = {"%nExamples:",
        "  panacan gen vcan0 -g 4 -I 42A -L 1 -D i      (fixed id and length, incrementing payload)",
        "  panacan gen vcan0 -e -L i                    (29-bit ids, incrementing length)",
        "  panacan gen vcan0 -D 11xx3344DEADBEEF -L 8   (second byte random)",
        "  panacan gen vcan0 -g 0 -i -x -n 100000      (full load, drop on ENOBUFS)"})
final class GenCommand implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Parameters(index = "0", paramLabel = "<interface>", description = "Interface (can0, vcan0, virtual:<name>).")
    private String interfaceName;

    @Option(names = {"-g", "--gap"}, paramLabel = "<ms>", description = "Gap between bursts in milliseconds, "
        + "decimals allowed (default: ${DEFAULT-VALUE}).")
    private double gapMillis = 200;

    @Option(names = {"-c", "--burst"}, paramLabel = "<count>", description = "Frames per burst (default: 1).")
    private int burst = 1;

    @Option(names = {"-e", "--extended"}, description = "29-bit ids.")
    private boolean extended;

    @Option(names = {"-f", "--fd"}, description = "CAN FD frames.")
    private boolean fd;

    @Option(names = {"-b", "--brs"}, description = "CAN FD frames with bit rate switch.")
    private boolean brs;

    @Option(names = {"-E", "--esi"}, description = "CAN FD frames with the error state indicator.")
    private boolean esi;

    @Option(names = {"-R", "--remote"}, description = "Remote frames.")
    private boolean remote;

    @Option(names = {"-8", "--len8-dlc"}, description = "Classic frames may carry raw DLCs 9..F.")
    private boolean len8Dlc;

    @Option(names = {"-I", "--id"}, paramLabel = "<mode>", description = "Id mode (default: r).")
    private String idMode = "r";

    @Option(names = {"-L", "--length"}, paramLabel = "<mode>", description = "Length mode (default: r).")
    private String lengthMode = "r";

    @Option(names = {"-D", "--data"}, paramLabel = "<mode>", description = "Payload mode (default: r).")
    private String dataMode = "r";

    @Option(names = {"-n", "--count"}, paramLabel = "<count>", description = "Stop after <count> frames.")
    private long count;

    @Option(names = {"-p", "--timeout"}, paramLabel = "<ms>",
        description = "How long a send retries a full transmit queue (default: ${DEFAULT-VALUE} ms).")
    private long timeoutMillis = 1000;

    @Option(names = {"-i", "--ignore-enobufs"},
        description = "When the queue stays full, count the frame as dropped and go on instead of failing.")
    private boolean ignoreFullQueue;

    @Option(names = {"-x", "--no-loopback"}, description = "Other sockets on this host do not see the frames.")
    private boolean noLoopback;

    @Option(names = {"-v", "--verbose"}, description = "Print each frame sent.")
    private boolean verbose;

    @Option(names = "--seed", paramLabel = "<seed>", description = "Seed of the random generator.")
    private long seed = System.nanoTime();

    private long sent;
    private long drops;

    @Override
    public Integer call() throws CanException
    {
        final int flags = (extended ? FrameFlags.EXTENDED : 0) | (remote ? FrameFlags.REMOTE : 0)
            | (fd || brs || esi ? FrameFlags.FD : 0) | (brs ? FrameFlags.BRS : 0) | (esi ? FrameFlags.ESI : 0);
        if (gapMillis < 0 || burst < 1 || count < 0 || timeoutMillis < 0)
        {
            throw new IllegalArgumentException("gap, burst, count and timeout must not be negative (burst >= 1)");
        }
        final FrameGenerator generator = new FrameGenerator(FrameGenerator.Spec.parse(idMode, false),
            FrameGenerator.Spec.parse(lengthMode, false), FrameGenerator.Spec.parse(dataMode, true), flags, len8Dlc,
            seed);
        final Streams streams = parent.streams();
        final ProgressLine progress = new ProgressLine(streams.stderr(), ProgressLine.isTerminal());
        final Thread worker = Thread.currentThread();
        final long start = System.nanoTime();
        try (ShutdownSignal signal = ShutdownSignal.install(() -> LockSupport.unpark(worker));
            CanBus bus = Buses.open(interfaceName, config -> config.localLoopback(!noLoopback)
                .sendTimeout(Duration.ofMillis(timeoutMillis))))
        {
            try
            {
                generate(bus, generator, signal, progress, start);
            }
            finally
            {
                progress.finish("gen: " + status(bus, start, System.nanoTime()));
            }
        }
        return 0;
    }

    private void generate(final CanBus bus, final FrameGenerator generator, final ShutdownSignal signal,
        final ProgressLine progress, final long start) throws CanException
    {
        final long gapNanos = (long)(gapMillis * 1_000_000);
        final long timeoutNanos = Duration.ofMillis(timeoutMillis).toNanos();
        long deadline = start;
        while (!signal.isRequested() && (count == 0 || sent + drops < count))
        {
            for (int i = 0; i < burst && (count == 0 || sent + drops < count); i++)
            {
                generator.next();
                send(bus, generator, timeoutNanos);
            }
            final long now = System.nanoTime();
            if (progress.isDue(now))
            {
                progress.update("gen: " + status(bus, start, now), now);
            }
            if (gapNanos > 0)
            {
                deadline += gapNanos;
                for (long wait = deadline - System.nanoTime(); wait > 0 && !signal.isRequested();
                    wait = deadline - System.nanoTime())
                {
                    LockSupport.parkNanos(this, wait);
                }
            }
        }
    }

    private void send(final CanBus bus, final FrameGenerator generator, final long timeoutNanos) throws CanException
    {
        try
        {
            if (generator.len8Dlc() != 0)
            {
                bus.send(generator.frame());
            }
            else
            {
                bus.send(generator.id(), generator.flags(), generator.data(), 0, generator.length(), timeoutNanos);
            }
            sent++;
            if (verbose)
            {
                parent.streams().stderr().println("  " + interfaceName + "  "
                    + CanSendSyntax.format(generator.frame()));
            }
        }
        catch (final TransmitTimeoutException ex)
        {
            if (!ignoreFullQueue)
            {
                throw ex;
            }
            drops++;
        }
    }

    private String status(final CanBus bus, final long start, final long now)
    {
        final double seconds = (now - start) / 1e9;
        return String.format("%d frames sent in %.3f s (%.1f frames/s), %d ENOBUFS retries, %d drops", sent,
            seconds, seconds > 0 ? sent / seconds : 0.0, bus.isClosed() ? 0 : bus.counters().sendRetries(), drops);
    }
}
