package org.panacan.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.bcm.PeriodicOptions;
import org.panacan.bcm.PeriodicTask;
import org.panacan.bcm.Watch;
import org.panacan.bcm.WatchEvent;
import org.panacan.bcm.WatchOptions;
import org.panacan.log.CanSendSyntax;
import org.panacan.log.CandumpFormat;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panacan bcm}: the kernel's Broadcast Manager from the command line. */
@Command(
    name = "bcm",
    mixinStandardHelpOptions = true,
    description = "The Broadcast Manager: send frames periodically (the kernel's timer sends them), or watch an id "
        + "for changes and silences.",
    subcommands = {BcmCommand.Send.class, BcmCommand.WatchId.class})
final class BcmCommand extends CommandGroup
{
    /** {@code panacan bcm send}: a periodic task until Ctrl-C, or its count or duration. */
    @Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {"Sends frames (cansend syntax) periodically from the kernel's Broadcast Manager: one frame, or "
            + "a sequence sent one after another, one every period.",
            "Runs until Ctrl-C, or until --count frames or --duration have gone out."},
        footer = {"%nExamples:",
            "  panacan bcm send vcan0 123#DEADBEEF -p 100ms",
            "  panacan bcm send vcan0 100#01 100#02 100#03 -p 10ms --count 300",
            "  panacan bcm send vcan0 123#00 -p 10ms --count 50 --then 1s    (a burst, then slower)"})
    static final class Send implements Callable<Integer>
    {
        @ParentCommand
        private BcmCommand bcm;

        @Parameters(index = "0", paramLabel = "<interface>", description = "Interface (can0, vcan0, virtual:<name>).")
        private String interfaceName;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "<frame>",
            description = "Frames in cansend syntax, sent in turn (1..256, all classic or all CAN FD).")
        private List<String> frames;

        @Option(names = {"-p", "--period"}, required = true, paramLabel = "<duration>",
            converter = DurationConverter.class, description = "Time between frames (100ms, 2.5s, 500us).")
        private Duration period;

        @Option(names = {"-n", "--count"}, paramLabel = "<count>", description = "Frames to send, then end (or "
            + "go on at --then).")
        private long count;

        @Option(names = {"-d", "--duration"}, paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Send for this long, then end (or go on at --then).")
        private Duration duration;

        @Option(names = "--then", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "After --count or --duration, go on at this period until Ctrl-C.")
        private Duration thenPeriod;

        @Option(names = "--delay-first", description = "Send the first frame one period after the start.")
        private boolean delayFirst;

        @Override
        public Integer call() throws Exception
        {
            final List<CanFrame> parsed = new ArrayList<>();
            for (final String text : frames)
            {
                parsed.add(CanSendSyntax.parse(text));
            }
            PeriodicOptions options = PeriodicOptions.defaults().firstFrameDelayed(delayFirst);
            if (count > 0)
            {
                options = options.count(count);
            }
            if (duration != null)
            {
                options = options.duration(duration);
            }
            if (thenPeriod != null)
            {
                options = options.thenPeriod(thenPeriod);
            }
            final Streams streams = bcm.streams();
            final long start = System.nanoTime();
            try (CanBus bus = Buses.open(interfaceName, config -> config);
                ShutdownSignal signal = ShutdownSignal.install(() -> { }))
            {
                final PeriodicTask task = bus.sendPeriodic(parsed, period, options);
                streams.stderr().printf("bcm send: %d frame%s every %s on %s (%s); Ctrl-C to stop%n", parsed.size(),
                    parsed.size() == 1 ? "" : "s", period, interfaceName,
                    task.isKernelScheduled() ? "kernel timer" : "software scheduler");
                while (!signal.isRequested() && !task.awaitEnd(Duration.ofMillis(100)))
                {
                    // the kernel sends; this thread only waits for the end or Ctrl-C
                }
                final boolean ended = !task.isRunning();
                task.stop();
                streams.stderr().printf("bcm send: %s after %.3f s%n", ended ? "ended" : "stopped",
                    (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }

    /** {@code panacan bcm watch}: the events of one id until Ctrl-C. */
    @Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {"Watches one id through the Broadcast Manager and prints each event:",
            "  changed (sec.usec) iface id#data    the first frame, then each whose data changed (under a mask)",
            "  timeout (sec.usec) iface id         no frame for --timeout",
            "  resumed (sec.usec) iface id#data    the first frame after a timeout",
            "Runs until Ctrl-C or --count events."},
        footer = {"%nExamples:",
            "  panacan bcm watch vcan0 123                       (changes of any byte)",
            "  panacan bcm watch vcan0 123 --mask FF00 --timeout 500ms",
            "  panacan bcm watch vcan0 18DAF110 --presence --timeout 2s",
            "  panacan bcm watch vcan0 123 --every --throttle 1s"})
    static final class WatchId implements Callable<Integer>
    {
        @ParentCommand
        private BcmCommand bcm;

        @Parameters(index = "0", paramLabel = "<interface>", description = "Interface (can0, vcan0, virtual:<name>).")
        private String interfaceName;

        @Parameters(index = "1", paramLabel = "<id>", description = "The id in hex; 8 digits: a 29-bit id.")
        private String id;

        @ArgGroup(exclusive = true)
        private Mode mode;

        @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Report a silence longer than this (and the id's return).")
        private Duration timeout;

        @Option(names = "--throttle", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "At most one change reported per this interval.")
        private Duration throttle;

        @Option(names = "--fd", description = "Watch CAN FD frames of the id.")
        private boolean fd;

        @Option(names = "--check-length", description = "A change of length counts as a change.")
        private boolean checkLength;

        @Option(names = {"-n", "--count"}, paramLabel = "<count>", description = "Stop after <count> events.")
        private long count;

        /** What counts as news (one of them; default: changes of any byte). */
        static final class Mode
        {
            @Option(names = "--mask", paramLabel = "<hex>", description = "Report changes under this mask, "
                + "e.g. FF00 compares the first byte only.")
            private String mask;

            @Option(names = "--every", description = "Report every frame.")
            private boolean every;

            @Option(names = "--presence", description = "Report only the first frame, silences and returns.")
            private boolean presence;

            @Option(names = "--reply", paramLabel = "<frame>",
                description = "No events: answer each remote request for the id with this frame.")
            private String reply;
        }

        @Override
        public Integer call() throws Exception
        {
            final int canId = HexArgs.id(id);
            final WatchOptions options = options(HexArgs.isExtendedId(id));
            final Streams streams = bcm.streams();
            final OutputStream out = new BufferedOutputStream(streams.stdout());
            final String name = Buses.displayName(interfaceName);
            final long[] events = {0};
            try (CanBus bus = Buses.open(interfaceName, config -> config);
                ShutdownSignal signal = ShutdownSignal.install(() -> { });
                Watch watch = bus.watch(canId, options))
            {
                streams.stderr().println("bcm watch: watching " + id + " on " + interfaceName + "; Ctrl-C to stop");
                final StringBuilder line = new StringBuilder();
                while (!signal.isRequested() && (count == 0 || events[0] < count))
                {
                    watch.poll(event ->
                    {
                        line.setLength(0);
                        append(line, event, name);
                        try
                        {
                            out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                        }
                        catch (final IOException ex)
                        {
                            throw new java.io.UncheckedIOException(ex);
                        }
                        events[0]++;
                    }, count == 0 ? 64 : (int)Math.min(64, count - events[0]), 100_000_000L);
                    out.flush();
                }
                streams.stderr().printf("bcm watch: %d events, %d dropped%n", events[0], watch.droppedEvents());
            }
            catch (final java.io.UncheckedIOException ex)
            {
                throw ex.getCause();
            }
            return 0;
        }

        private WatchOptions options(final boolean extended)
        {
            WatchOptions options;
            if (mode == null || mode.mask != null)
            {
                options = WatchOptions.changesUnder(mode == null ? fullMask() : HexArgs.bytes(List.of(mode.mask)));
            }
            else if (mode.every)
            {
                options = WatchOptions.everyFrame();
            }
            else if (mode.presence)
            {
                options = WatchOptions.presence();
            }
            else
            {
                options = WatchOptions.remoteReply(CanSendSyntax.parse(mode.reply));
            }
            options = options.extended(extended).fd(fd).checkLength(checkLength);
            if (timeout != null)
            {
                options = options.timeout(timeout);
            }
            if (throttle != null)
            {
                options = options.throttle(throttle);
            }
            return options;
        }

        private byte[] fullMask()
        {
            final byte[] mask = new byte[fd ? 64 : 8];
            java.util.Arrays.fill(mask, (byte)0xFF);
            return mask;
        }

        private static void append(final StringBuilder line, final WatchEvent event, final String name)
        {
            line.append(event.kind().name().toLowerCase(java.util.Locale.ROOT)).append(' ');
            if (event.frame() != null)
            {
                line.append(CandumpFormat.DEFAULT.format(event.frame(), name, event.timestampNanos()));
            }
            else
            {
                final long nanos = event.timestampNanos();
                line.append(String.format("(%010d.%06d) %s ", Math.floorDiv(nanos, 1_000_000_000L),
                    Math.floorMod(nanos, 1_000_000_000L) / 1000, name))
                    .append(String.format(event.watch().options().extended() ? "%08X" : "%03X", event.watch().id()));
            }
            line.append('\n');
        }
    }
}
