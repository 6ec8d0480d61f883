package org.panacan.benchmarks.kernel;

import static org.panacan.benchmarks.BenchFrames.ID;
import static org.panacan.benchmarks.BenchFrames.PAYLOAD;
import static org.panacan.benchmarks.BenchFrames.TIMEOUT_NANOS;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameHandler;
import org.panacan.FrameView;

/**
 * Steady-state allocation of the zero-allocation path: one operation sends one frame on one bus and receives it on
 * another, both in invoker mode on the benchmark thread, so that {@code gc.alloc.rate.norm} (-prof gc) is the
 * bytes allocated per send + receive of one frame. It must be 0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
public class SendReceiveBenchmark
{
    @State(Scope.Thread)
    public static class Pair
    {
        CanBus sender;
        CanBus receiver;
        long checksum;
        final FrameHandler handler = this::consume;

        private void consume(final FrameView frame)
        {
            checksum += frame.id() + frame.dataInt(0) + frame.timestampNanos();
        }

        @Setup(Level.Trial)
        public void open() throws CanException
        {
            sender = Buses.sender();
            receiver = Buses.open(b -> b);
        }

        @TearDown(Level.Trial)
        public void close()
        {
            sender.close();
            receiver.close();
        }
    }

    @Benchmark
    public long panacan(final Pair pair) throws CanException
    {
        pair.sender.send(ID, 0, PAYLOAD, 0, PAYLOAD.length, TIMEOUT_NANOS);
        if (pair.receiver.poll(pair.handler, 1, TIMEOUT_NANOS) != 1)
        {
            throw new IllegalStateException("the frame did not arrive within 2 s");
        }
        return pair.checksum;
    }
}
