package org.panacan.benchmarks.kernel;

import static org.panacan.benchmarks.kernel.Buses.QUEUED_FRAMES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameBatch;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.TimestampMode;
import org.panacan.benchmarks.BenchFrames;
import org.panacan.benchmarks.CompilerQueue;

import tel.schich.javacan.CanFrame;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.RawCanChannel;

/**
 * Receive throughput: frames delivered to the consumer from a pre-filled socket queue. Before each invocation a
 * filler socket queues {@value Buses#QUEUED_FRAMES} frames on the receiving socket (its buffer is large enough to
 * drop none); the invocation, alone timed, hands all of them to the application. One operation is one frame, so
 * the score is frames/s and {@code gc.alloc.rate.norm} is bytes per received frame.
 *
 * <p>panacan: {@code drain(handler, limit)} in invoker mode, with recvmmsg batches of {@code batch} frames (1: one
 * system call per frame), with or without kernel timestamps. JavaCAN: {@code read(ByteBuffer)} into one buffer, and
 * its allocating {@code read()}. The C reference ({@code drain.c}) and python-can drain the same queue; the C
 * recvmmsg(64) drain also takes turns with panacan's batch-64 measurement iterations ({@link InterleavedReference}).
 * {@code ffmFloor} is the C drain's loop in plain Java over the generated bindings ({@link FfmReceiver}): the floor
 * any JVM library pays, against which panacan's own cost shows; it also takes turns with panacan's batch-64
 * iterations in panacan's JVM ({@link InterleavedFloor}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(QUEUED_FRAMES)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
public class ReceiveBenchmark
{
    /** The filler: a panacan bus that receives nothing and queues frames with sendmmsg (no allocation). */
    @State(Scope.Thread)
    public static class Filler
    {
        CanBus filler;
        FrameBatch batch;

        void openFiller() throws CanException
        {
            filler = Buses.sender();
            batch = Buses.batch(filler, 64);
        }

        /** Before each iteration: an idle JIT ({@link CompilerQueue}); the panacan state waits again after a C turn. */
        @Setup(Level.Iteration)
        public void awaitCompilers()
        {
            CompilerQueue.awaitIdle();
        }

        /** Before each invocation: queues the frames it drains. */
        @Setup(Level.Invocation)
        public void queue() throws CanException
        {
            Buses.fill(filler, batch, QUEUED_FRAMES);
        }

        void closeFiller()
        {
            Buses.close(filler);
        }
    }

    /** A panacan bus (invoker mode) with a socket buffer for the whole queue. */
    @State(Scope.Thread)
    public static class Panacan extends Filler
    {
        /** Frames per recvmmsg call. */
        @Param({"64", "1"})
        public int batch;
        /** SOFTWARE (the default: SO_TIMESTAMPNS per frame) or NONE. */
        @Param({"SOFTWARE", "NONE"})
        public TimestampMode timestamps;

        CanBus bus;
        long checksum;
        final FrameHandler handler = this::consume;
        /** The C recvmmsg(64) drain taking turns with the measurement iterations (batches of 64 only). */
        InterleavedReference reference;
        /** The Java floor taking turns with every iteration in this JVM (batches of 64 with timestamps only). */
        InterleavedFloor floor;

        private void consume(final FrameView frame)
        {
            checksum += frame.id() + frame.dataInt(0) + frame.timestampNanos();
        }

        @Setup(Level.Trial)
        public void open() throws CanException
        {
            bus = Buses.open(b -> b.receiveBufferSize(Buses.RECEIVE_BUFFER).batchSize(batch)
                .ringCapacity(QUEUED_FRAMES).timestamps(timestamps));
            openFiller();
            reference = batch == 64 ? InterleavedReference.drain(timestamps != TimestampMode.NONE) : null;
            floor = batch == 64 && timestamps == TimestampMode.SOFTWARE && InterleavedReference.enabled()
                ? new InterleavedFloor() : null;
        }

        @Setup(Level.Iteration)
        public void iteration(final IterationParams params) throws CanException
        {
            if (reference != null)
            {
                reference.beforeIteration(params);
                if (floor != null)
                {
                    floor.beforeIteration(params);
                }
                CompilerQueue.awaitIdle();
            }
        }

        @TearDown(Level.Trial)
        public void close()
        {
            final var counters = bus.counters();
            if (counters.kernelDrops() != 0 || counters.ringDrops() != 0)
            {
                throw new IllegalStateException("frames were dropped: " + counters);
            }
            Buses.close(bus);
            Buses.close(floor);
            closeFiller();
        }
    }

    /** The JVM's floor: the C drain's loop in plain Java over the generated bindings ({@link FfmReceiver}). */
    @State(Scope.Thread)
    public static class FfmFloor extends Filler
    {
        FfmReceiver receiver;

        @Setup(Level.Trial)
        public void open() throws CanException
        {
            receiver = new FfmReceiver(Buses.RECEIVE_BUFFER);
            openFiller();
        }

        @TearDown(Level.Trial)
        public void close()
        {
            final int drops = receiver.drops();
            receiver.close();
            closeFiller();
            if (drops != 0)
            {
                throw new IllegalStateException("the socket dropped " + drops + " frames");
            }
        }
    }

    /** A blocking JavaCAN channel with a socket buffer for the whole queue (needs net.core.rmem_max). */
    @State(Scope.Thread)
    public static class JavaCan extends Filler
    {
        RawCanChannel channel;
        final ByteBuffer buffer = Buses.javaCanBuffer();

        @Setup(Level.Trial)
        public void open() throws IOException, CanException
        {
            channel = Buses.javaCan(true);
            channel.setOption(CanSocketOptions.SO_RCVBUF, Buses.RECEIVE_BUFFER);
            final int granted = channel.getOption(CanSocketOptions.SO_RCVBUF);
            if (granted < Buses.RECEIVE_BUFFER)
            {
                throw new IllegalStateException("SO_RCVBUF is " + granted + " bytes, too small for "
                    + QUEUED_FRAMES + " frames: raise net.core.rmem_max (scripts/bench does, in the VM)");
            }
            openFiller();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            channel.close();
            closeFiller();
        }
    }

    @Benchmark
    public long panacan(final Panacan state) throws CanException
    {
        final CanBus bus = state.bus;
        int received = 0;
        while (received < QUEUED_FRAMES)
        {
            int count = bus.drain(state.handler, QUEUED_FRAMES - received);
            if (count == 0)
            {
                count = bus.poll(state.handler, QUEUED_FRAMES - received, BenchFrames.TIMEOUT_NANOS);
                if (count == 0)
                {
                    throw new IllegalStateException("only " + received + " of " + QUEUED_FRAMES + " frames came");
                }
            }
            received += count;
        }
        return state.checksum;
    }

    @Benchmark
    public long ffmFloor(final FfmFloor state)
    {
        return state.receiver.drain(QUEUED_FRAMES);
    }

    @Benchmark
    public long javaCanReadBuffer(final JavaCan state) throws IOException
    {
        long checksum = 0;
        for (int i = 0; i < QUEUED_FRAMES; i++)
        {
            state.buffer.clear();
            final CanFrame frame = state.channel.read(state.buffer);
            checksum += frame.getId() + frame.getBuffer().getInt(frame.getBase() + CanFrame.HEADER_LENGTH);
        }
        return checksum;
    }

    @Benchmark
    public long javaCanRead(final JavaCan state) throws IOException
    {
        long checksum = 0;
        for (int i = 0; i < QUEUED_FRAMES; i++)
        {
            final CanFrame frame = state.channel.read();
            checksum += frame.getId() + frame.getBuffer().getInt(frame.getBase() + CanFrame.HEADER_LENGTH);
        }
        return checksum;
    }
}
