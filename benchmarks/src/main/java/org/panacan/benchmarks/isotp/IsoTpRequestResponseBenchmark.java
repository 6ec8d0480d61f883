package org.panacan.benchmarks.isotp;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.benchmarks.LatencyRecorder;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.TargetAddressType;

/**
 * Single-frame request/response latency, kernel versus pure Java: the benchmark thread sends a 2-byte request
 * (a UDS TesterPresent) in one single frame and waits for the 2-byte response that a responder thread, on the
 * second channel of the same backend, sends on receipt. Every round trip of the measurement iterations goes into
 * an HdrHistogram ({@code hgrm/isotp-rr-BACKEND.hgrm}; p50 and p99 printed at the end of the trial).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class IsoTpRequestResponseBenchmark
{
    private static final byte[] REQUEST = {0x3E, 0x00};
    private static final byte[] RESPONSE = {0x7E, 0x00};

    @Param({"KERNEL", "JAVA"})
    public IsoTpBackend backend;

    private IsoTpChannel tester;
    private IsoTpChannel ecu;
    private Thread responder;
    private LatencyRecorder recorder;
    private final byte[] response = new byte[8];

    @Setup
    public void open() throws CanException
    {
        recorder = new LatencyRecorder("isotp-rr-" + backend.name().toLowerCase(java.util.Locale.ROOT));
        tester = IsoTpChannels.open(IsoTpChannels.TESTER, backend);
        ecu = IsoTpChannels.open(IsoTpChannels.ECU, backend);
        final IsoTpChannel server = ecu;
        responder = Thread.ofPlatform().name("isotp-responder").daemon(true).start(() ->
        {
            final byte[] request = new byte[8];
            try
            {
                while (true)
                {
                    if (server.recv(request, 0, IsoTpChannels.TIMEOUT) > 0)
                    {
                        server.send(RESPONSE, 0, RESPONSE.length, TargetAddressType.PHYSICAL, IsoTpChannels.TIMEOUT);
                    }
                }
            }
            catch (final BusClosedException | IllegalStateException closed)
            {
                // the trial is over
            }
            catch (final CanException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
    }

    @Setup(Level.Iteration)
    public void beginIteration(final IterationParams iteration)
    {
        recorder.beginIteration(iteration);
    }

    @TearDown
    public void close() throws InterruptedException
    {
        recorder.save();
        ecu.close();
        tester.close();
        responder.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Benchmark
    public int singleFrameRoundTrip() throws CanException
    {
        final long start = System.nanoTime();
        tester.send(REQUEST, 0, REQUEST.length, TargetAddressType.PHYSICAL, IsoTpChannels.TIMEOUT);
        final int length = tester.recv(response, 0, IsoTpChannels.TIMEOUT);
        recorder.record(System.nanoTime() - start);
        if (length != RESPONSE.length)
        {
            throw new IllegalStateException("response of " + length + " bytes");
        }
        return length;
    }
}
