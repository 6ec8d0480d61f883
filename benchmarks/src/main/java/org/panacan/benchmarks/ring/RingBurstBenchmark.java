package org.panacan.benchmarks.ring;

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

/**
 * Ring cost per frame on one thread, free of cross-core traffic (and so meaningful under emulation too): offer a
 * burst of {@value #BURST} frames, then drain them. One operation is one frame through the ring. panacan one frame
 * per commit, one frame per publish with the check for a parked consumer (what the others lack), and one commit
 * per burst (as its receiver does per recvmmsg batch); Agrona, JCTools (pooled frames, and a constant reference as
 * the floor).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RingBurstBenchmark.BURST)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
public class RingBurstBenchmark
{
    static final int BURST = 64;

    @State(Scope.Thread)
    public static class Panacan
    {
        RingFrames.Panacan ring;

        @Setup(Level.Trial)
        public void open()
        {
            ring = new RingFrames.Panacan();
        }

        @TearDown(Level.Trial)
        public void close()
        {
            ring.close();
        }
    }

    @State(Scope.Thread)
    public static class Agrona
    {
        final RingFrames.Agrona ring = new RingFrames.Agrona();
    }

    @State(Scope.Thread)
    public static class JcTools
    {
        final RingFrames.JcTools ring = new RingFrames.JcTools();
    }

    @State(Scope.Thread)
    public static class JcToolsReference
    {
        final RingFrames.JcTools ring = new RingFrames.JcToolsReference();
    }

    @Benchmark
    public long panacan(final Panacan state)
    {
        final RingFrames.Panacan ring = state.ring;
        for (int i = 0; i < BURST; i++)
        {
            ring.offer();
        }
        ring.poll(BURST);
        return ring.sum;
    }

    @Benchmark
    public long panacanWaking(final Panacan state)
    {
        final RingFrames.Panacan ring = state.ring;
        for (int i = 0; i < BURST; i++)
        {
            ring.offerWaking();
        }
        ring.poll(BURST);
        return ring.sum;
    }

    @Benchmark
    public long panacanBatch(final Panacan state)
    {
        final RingFrames.Panacan ring = state.ring;
        ring.offerBatch(BURST);
        ring.poll(BURST);
        return ring.sum;
    }

    @Benchmark
    public long agrona(final Agrona state)
    {
        final RingFrames.Agrona ring = state.ring;
        for (int i = 0; i < BURST; i++)
        {
            ring.offer();
        }
        ring.poll(BURST);
        return ring.sum;
    }

    @Benchmark
    public long jcTools(final JcTools state)
    {
        final RingFrames.JcTools ring = state.ring;
        for (int i = 0; i < BURST; i++)
        {
            ring.offer();
        }
        ring.poll(BURST);
        return ring.sum;
    }

    @Benchmark
    public long jcToolsReference(final JcToolsReference state)
    {
        final RingFrames.JcTools ring = state.ring;
        for (int i = 0; i < BURST; i++)
        {
            ring.offer();
        }
        ring.poll(BURST);
        return ring.sum;
    }
}
