package org.panacan.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.panacan.CanException;
import org.panacan.TimestampMode;

import picocli.CommandLine.Option;

/** The options of {@code dump} and {@code record} that say how to capture: timestamps, when to stop, buffering. */
final class CaptureOptions
{
    @Option(names = {"-H", "--hw-timestamps"}, description = "Hardware timestamps where the device has them.")
    private boolean hardwareTimestamps;

    @Option(names = {"-n", "--count"}, paramLabel = "<count>", description = "Stop after <count> frames.")
    private long count;

    @Option(names = {"-T", "--timeout"}, paramLabel = "<ms>",
        description = "Stop after <ms> milliseconds without a frame.")
    private long timeoutMillis;

    @Option(names = {"-r", "--rcvbuf"}, paramLabel = "<bytes>", description = "Socket receive buffer size.")
    private int receiveBuffer;

    /** Opens a bus per spec; {@code allErrors} as {@link Capture#Capture} takes it. */
    Capture open(final List<CaptureSpec> interfaces, final boolean allErrors) throws CanException
    {
        return new Capture(interfaces, allErrors,
            hardwareTimestamps ? TimestampMode.HARDWARE : TimestampMode.SOFTWARE, receiveBuffer);
    }

    /** Reads {@code capture} into {@code sink} until the frame count, the idle timeout or a stop request. */
    Capture.Result run(final Capture capture, final Capture.Sink sink, final ShutdownSignal stop) throws IOException
    {
        return capture.run(sink, count, Duration.ofMillis(timeoutMillis).toNanos(), stop);
    }
}
