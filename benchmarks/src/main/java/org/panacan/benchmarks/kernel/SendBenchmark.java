package org.panacan.benchmarks.kernel;

import static org.panacan.benchmarks.BenchFrames.ID;
import static org.panacan.benchmarks.BenchFrames.PAYLOAD;
import static org.panacan.benchmarks.BenchFrames.TIMEOUT_NANOS;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameBatch;

import tel.schich.javacan.CanFrame;
import tel.schich.javacan.RawCanChannel;

/**
 * Send throughput of one socket that receives nothing, on the benchmark interface with nobody listening (local
 * loopback on, as by default): what the application can hand to the kernel. One operation is one frame. The C
 * references ({@code send.c}) are a write() blaster and a sendmmsg(64) loop.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
public class SendBenchmark
{
    /** Frames per {@link FrameBatch} send. */
    public static final int BATCH = 64;

    @State(Scope.Thread)
    public static class Panacan
    {
        CanBus bus;
        FrameBatch batch;

        @Setup(Level.Trial)
        public void open() throws CanException
        {
            bus = Buses.sender();
            batch = Buses.batch(bus, BATCH);
        }

        @TearDown(Level.Trial)
        public void close()
        {
            bus.close();
        }
    }

    @State(Scope.Thread)
    public static class JavaCan
    {
        RawCanChannel channel;
        final CanFrame frame = CanFrame.create(ID, CanFrame.FD_NO_FLAGS, PAYLOAD);

        @Setup(Level.Trial)
        public void open()
        {
            channel = Buses.javaCan(false);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            channel.close();
        }
    }

    /** One sendto() per frame, from a byte array: the allocation-free single-frame send. */
    @Benchmark
    public void panacan(final Panacan state) throws CanException
    {
        state.bus.send(ID, 0, PAYLOAD, 0, PAYLOAD.length, TIMEOUT_NANOS);
    }

    /** One sendmmsg per {@value #BATCH} frames. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int panacanBatch(final Panacan state) throws CanException
    {
        return state.bus.send(state.batch, TIMEOUT_NANOS);
    }

    /** JavaCAN's write(CanFrame) of one preallocated frame. */
    @Benchmark
    public RawCanChannel javaCan(final JavaCan state) throws IOException
    {
        return state.channel.write(state.frame);
    }
}
