package org.panacan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.panacan.FrameView;
import org.panacan.log.AscLogWriter;
import org.panacan.log.CandumpFormat;
import org.panacan.log.CandumpLogWriter;
import org.panacan.log.FrameLogReader;
import org.panacan.log.FrameLogWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panacan record}: candump -l. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
        "Records the frames of one or more interfaces to a candump log (what candump -l writes and canplayer "
            + "replays), or to a Vector ASC log when the file name ends in .asc.",
        "Interfaces take candump filters as in 'panacan dump'. Ctrl-C ends the recording with a complete last line."},
    footer = {"%nExamples:",
        "  panacan record vcan0                       (to candump-<date>_<time>.log)",
        "  panacan record -o trace.log can0,123:7FF can1",
        "  panacan record -o trace.asc can0"})
final class RecordCommand implements Callable<Integer>
{
    private static final DateTimeFormatter FILE_NAME =
        DateTimeFormatter.ofPattern("'candump-'yyyy-MM-dd_HHmmss'.log'");

    @ParentCommand
    private PanacanCommand parent;

    @Parameters(arity = "1..*", paramLabel = "<interface>[,filter]*", converter = CaptureSpec.Converter.class,
        description = "Interfaces to record (can0, vcan0, any, virtual:<name>), each with optional filters.")
    private List<CaptureSpec> interfaces;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>",
        description = "The log file (default: candump-<date>_<time>.log); '-' for stdout.")
    private String output;

    @Option(names = {"-x", "--direction"}, description = "Mark each line R (received) or T (sent from this host).")
    private boolean direction;

    @Option(names = {"-N", "--nanoseconds"}, description = "Timestamps with nine decimal places.")
    private boolean nanoseconds;

    @Option(names = {"--no-fdf"}, description = "Write CAN FD flags without the FDF bit (123##1.. for BRS), as "
        + "candump did before Linux 6.1 and can-utils 2023.03.")
    private boolean noFdf;

    @Mixin
    private CaptureOptions captureOptions;

    @Override
    public Integer call() throws IOException
    {
        final Streams streams = parent.streams();
        final String target = output != null ? output : FILE_NAME.format(LocalDateTime.now());
        final Capture.Result result;
        try (ShutdownSignal signal = ShutdownSignal.install(() -> { });
            Capture capture = captureOptions.open(interfaces, false);
            FrameLogWriter writer = open(target, streams))
        {
            streams.stderr().println("record: recording " + CaptureSpec.names(interfaces) + " to "
                + ("-".equals(target) ? "stdout" : target) + "; Ctrl-C to stop");
            try
            {
                result = captureOptions.run(capture, new Capture.Sink()
                {
                    @Override
                    public void accept(final FrameView frame, final String interfaceName) throws IOException
                    {
                        writer.write(frame, interfaceName);
                    }

                    @Override
                    public void endOfBatch() throws IOException
                    {
                        writer.flush();
                    }
                }, signal);
            }
            finally
            {
                writer.flush();
            }
            DumpCommand.summary(streams, "record", result);
        }
        return 0;
    }

    private FrameLogWriter open(final String target, final Streams streams) throws IOException
    {
        if ("-".equals(target))
        {
            return new CandumpLogWriter(new UnclosedStream(streams.stdout()), format());
        }
        final Path path = Path.of(target);
        if (FrameLogReader.isAsc(path))
        {
            final List<String> channels = new ArrayList<>();
            interfaces.forEach(spec -> channels.add(Buses.displayName(spec.interfaceName())));
            return new AscLogWriter(Files.newOutputStream(path), ZoneId.systemDefault(), channels);
        }
        return new CandumpLogWriter(Files.newOutputStream(path), format());
    }

    private CandumpFormat format()
    {
        final int width = CaptureSpec.displayWidth(interfaces);
        return CandumpFormat.DEFAULT.withInterfaceWidth(width).withNanoseconds(nanoseconds).withMarkFdf(!noFdf)
            .withDirectionMarker(direction);
    }

    /** Standard output that a writer may flush but not close. */
    static final class UnclosedStream extends java.io.FilterOutputStream
    {
        UnclosedStream(final java.io.OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException
        {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException
        {
            flush();
        }
    }
}
