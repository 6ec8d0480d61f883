package org.panacan.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;

import org.panacan.log.CandumpFormat;
import org.panacan.log.CandumpLogWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panacan dump}: candump. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the frames of one or more interfaces, as candump does.",
        "Each interface may carry candump filters: <interface>[,filter]* with",
        "  <id>:<mask>   passes when received_id & mask == id & mask (8 hex digits: 29-bit id)",
        "  <id>~<mask>   passes when received_id & mask != id & mask",
        "  #<errmask>    error classes to receive (linux/can/error.h)",
        "  j             a frame must pass every filter (join)",
        "Ctrl-C ends the dump; the frame count and rate go to stderr."},
    footer = {"%nExamples:",
        "  panacan dump vcan0",
        "  panacan dump -L -t a can0,123:7FF,400:700 can1",
        "  panacan dump -e any,0~0,#FFFFFFFF     (error frames only, decoded)"})
final class DumpCommand implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Parameters(arity = "1..*", paramLabel = "<interface>[,filter]*", converter = CaptureSpec.Converter.class,
        description = "Interfaces to read (can0, vcan0, any, virtual:<name>), each with optional filters.")
    private List<CaptureSpec> interfaces;

    @Option(names = {"-L", "--log"}, description = "Print candump log lines: (sec.usec) iface id#data.")
    private boolean log;

    @Option(names = {"-t", "--timestamp"}, paramLabel = "<a|A|d|z>", converter = TimestampStyleConverter.class,
        description = "Timestamps: a absolute, A absolute with date, d delta, z from zero.")
    private CandumpText.TimestampStyle timestamps = CandumpText.TimestampStyle.NONE;

    @Option(names = {"-N", "--nanoseconds"}, description = "Timestamps with nine decimal places.")
    private boolean nanoseconds;

    @Option(names = {"-e", "--errors"}, description = "Decode error frames; receive every error class on "
        + "interfaces without an #errmask.")
    private boolean errors;

    @Option(names = {"-x", "--extra"}, description = "Show RX/TX and the BRS/ESI bits (log lines: R or T).")
    private boolean extra;

    @Mixin
    private CaptureOptions captureOptions;

    @Override
    public Integer call() throws IOException
    {
        final Streams streams = parent.streams();
        final OutputStream out = new BufferedOutputStream(streams.stdout(), 1 << 16);
        final int width = CaptureSpec.displayWidth(interfaces);
        final Capture.Sink sink = log ? logSink(out, width) : textSink(out, width);
        final Capture.Result result;
        try (ShutdownSignal signal = ShutdownSignal.install(() -> { });
            Capture capture = captureOptions.open(interfaces, errors))
        {
            streams.stderr().println("dump: listening on " + CaptureSpec.names(interfaces) + "; Ctrl-C to stop");
            try
            {
                result = captureOptions.run(capture, sink, signal);
            }
            finally
            {
                out.flush();
            }
            summary(streams, "dump", result);
        }
        return 0;
    }

    static void summary(final Streams streams, final String command, final Capture.Result result)
    {
        streams.stderr().printf("%s: %d frames in %.3f s (%.1f frames/s), %d dropped%n", command, result.frames(),
            result.elapsedNanos() / 1e9, result.rate(), result.drops());
    }

    private Capture.Sink logSink(final OutputStream out, final int width)
    {
        final CandumpLogWriter writer = new CandumpLogWriter(out, CandumpFormat.DEFAULT.withInterfaceWidth(width)
            .withNanoseconds(nanoseconds).withDirectionMarker(extra));
        return new Capture.Sink()
        {
            @Override
            public void accept(final org.panacan.FrameView frame, final String interfaceName) throws IOException
            {
                writer.write(frame, interfaceName);
            }

            @Override
            public void endOfBatch() throws IOException
            {
                writer.flush();
            }
        };
    }

    private Capture.Sink textSink(final OutputStream out, final int width)
    {
        final CandumpText text = new CandumpText(timestamps, nanoseconds, width, extra, errors);
        final StringBuilder line = new StringBuilder(256);
        final byte[][] bytes = {new byte[256]};
        return new Capture.Sink()
        {
            @Override
            public void accept(final org.panacan.FrameView frame, final String interfaceName) throws IOException
            {
                line.setLength(0);
                text.append(line, frame, interfaceName).append('\n');
                if (bytes[0].length < line.length())
                {
                    bytes[0] = new byte[line.length() * 2];
                }
                for (int i = 0; i < line.length(); i++)
                {
                    bytes[0][i] = (byte)line.charAt(i);
                }
                out.write(bytes[0], 0, line.length());
            }

            @Override
            public void endOfBatch() throws IOException
            {
                out.flush();
            }
        };
    }

    /** candump's one-letter timestamp modes. */
    static final class TimestampStyleConverter implements picocli.CommandLine.ITypeConverter<CandumpText.TimestampStyle>
    {
        @Override
        public CandumpText.TimestampStyle convert(final String value)
        {
            return switch (value)
            {
                case "a" -> CandumpText.TimestampStyle.ABSOLUTE;
                case "A" -> CandumpText.TimestampStyle.DATE;
                case "d" -> CandumpText.TimestampStyle.DELTA;
                case "z" -> CandumpText.TimestampStyle.ZERO;
                default -> throw new picocli.CommandLine.TypeConversionException(
                    "'" + value + "' is not a timestamp mode (a, A, d or z)");
            };
        }
    }
}
