package org.panacan.benchmarks.ring;

import static org.panacan.benchmarks.ring.RingFrames.DRAIN_LIMIT;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ring throughput across two threads: a producer offers one frame per call, a consumer drains up to
 * {@value RingFrames#DRAIN_LIMIT} per call, both never block (a full or empty ring counts as a failed call, as in
 * JCTools' own throughput benchmark). The score to compare is the {@code framesPolled} counter: frames/s that
 * reached the consumer. panacan's FrameRing beside Agrona's OneToOneRingBuffer and JCTools' SpscArrayQueue
 * ({@link RingFrames}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
public class RingBenchmark
{
    /** Producer-side counters, per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class OfferCounters
    {
        public long framesOffered;
        public long offersFailed;

        @Setup(Level.Iteration)
        public void reset()
        {
            framesOffered = 0;
            offersFailed = 0;
        }

        void count(final boolean offered)
        {
            if (offered)
            {
                framesOffered++;
            }
            else
            {
                offersFailed++;
            }
        }
    }

    /** Consumer-side counters, per second: framesPolled is the ring's throughput. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class PollCounters
    {
        public long framesPolled;
        public long pollsEmpty;

        @Setup(Level.Iteration)
        public void reset()
        {
            framesPolled = 0;
            pollsEmpty = 0;
        }

        void count(final int polled)
        {
            framesPolled += polled;
            if (polled == 0)
            {
                pollsEmpty++;
            }
        }
    }

    @State(Scope.Group)
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

    @State(Scope.Group)
    public static class Agrona
    {
        final RingFrames.Agrona ring = new RingFrames.Agrona();
    }

    @State(Scope.Group)
    public static class JcTools
    {
        final RingFrames.JcTools ring = new RingFrames.JcTools();
    }

    @Benchmark
    @Group("panacan")
    @GroupThreads(1)
    public void panacanOffer(final Panacan state, final OfferCounters counters)
    {
        counters.count(state.ring.offer());
    }

    @Benchmark
    @Group("panacan")
    @GroupThreads(1)
    public void panacanPoll(final Panacan state, final PollCounters counters)
    {
        counters.count(state.ring.poll(DRAIN_LIMIT));
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaOffer(final Agrona state, final OfferCounters counters)
    {
        counters.count(state.ring.offer());
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaPoll(final Agrona state, final PollCounters counters)
    {
        counters.count(state.ring.poll(DRAIN_LIMIT));
    }

    @Benchmark
    @Group("jctools")
    @GroupThreads(1)
    public void jcToolsOffer(final JcTools state, final OfferCounters counters)
    {
        counters.count(state.ring.offer());
    }

    @Benchmark
    @Group("jctools")
    @GroupThreads(1)
    public void jcToolsPoll(final JcTools state, final PollCounters counters)
    {
        counters.count(state.ring.poll(DRAIN_LIMIT));
    }
}
