package org.panacan.benchmarks.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.panacan.benchmarks.BenchFrames.ID;
import static org.panacan.benchmarks.BenchFrames.PAYLOAD;
import static org.panacan.benchmarks.BenchFrames.STOP_ID;
import static org.panacan.benchmarks.BenchFrames.TIMEOUT_NANOS;
import static org.panacan.benchmarks.kernel.FfmSockets.FRAME_SIZE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
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
import org.openjdk.jmh.infra.IterationParams;
import org.panacan.BusClosedException;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameFlags;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.TimestampMode;
import org.panacan.benchmarks.CompilerQueue;
import org.panacan.benchmarks.LatencyRecorder;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_frame;

import tel.schich.javacan.CanFrame;
import tel.schich.javacan.RawCanChannel;
import tel.schich.javacan.platform.linux.LinuxNativeOperationException;

/**
 * Round-trip latency between two sockets on the benchmark interface: the benchmark thread sends a frame and waits
 * for the echo that a second thread, on a second socket of the same library, sends back on receipt. One operation
 * is one round trip; every round trip of the measurement iterations is recorded into an HdrHistogram
 * ({@code hgrm/pingpong-*.hgrm}). The C reference ({@code pingpong.c}: blocking write()/read()) and python-can run
 * the same exchange in the same VM boot; the C program also takes turns with {@code panacan}'s measurement
 * iterations ({@link InterleavedReference}). {@code ffmFloor} is the C program's loop in plain Java over the
 * generated bindings: the floor any JVM library pays, against which panacan's own cost shows.
 *
 * <p>panacan: both buses in invoker mode (the polling thread reads the socket itself: no thread hop), and with a
 * receive thread on each bus ({@code start()}) for comparison; no receive timestamps, as neither the C program nor
 * JavaCAN asks for them. JavaCAN: blocking {@code write(CanFrame)} / {@code read(ByteBuffer)} on both sides.
 *
 * <p>Both JVMs run with the flags the README recommends for latency-sensitive use (the fork's -XX flags): no
 * GC worker or service threads (the hot paths allocate nothing), no perf-data sampling, no periodic safepoints. In
 * the test VM they cut panacan's p99.9 from about 4.5 ms to under 1 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m",
    "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
public class PingPongBenchmark
{
    /** The echo thread's poll: one receive slice, so that it checks its {@link EchoGate} at least this often. */
    private static final long ECHO_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Two panacan buses and the echo thread; {@code receiveThread} chooses invoker mode or start(). */
    @State(Scope.Benchmark)
    public static class Panacan
    {
        CanBus ping;
        CanBus pong;
        Thread echo;
        LatencyRecorder recorder;
        /** The C reference taking turns with the measurement iterations; null for the receive-thread variant. */
        InterleavedReference reference;
        /** Parks the echo thread while the C reference takes its turn (and briefly before every iteration). */
        final EchoGate echoGate = new EchoGate();
        final FrameHandler reply = frame -> { };

        void open(final boolean receiveThread, final String name) throws CanException
        {
            recorder = new LatencyRecorder(name);
            ping = Buses.open(b -> b.timestamps(TimestampMode.NONE));
            pong = Buses.open(b -> b.timestamps(TimestampMode.NONE));
            if (receiveThread)
            {
                ping.start();
                pong.start();
            }
            final CanBus echoBus = pong;
            final FrameHandler echoFrame = frame -> sendBack(echoBus, frame);
            echo = Thread.ofPlatform().name("panacan-echo").daemon(true).start(() ->
            {
                try
                {
                    while (true)
                    {
                        echoGate.pass();
                        echoBus.poll(echoFrame, 64, ECHO_POLL_NANOS);
                    }
                }
                catch (final BusClosedException | InterruptedException over)
                {
                    // the trial is over
                }
                catch (final CanException ex)
                {
                    ex.printStackTrace();
                }
            });
        }

        private static void sendBack(final CanBus bus, final FrameView frame)
        {
            try
            {
                bus.send(frame.id(), frame.flags() & FrameFlags.WIRE_MASK, frame.segment(), frame.dataOffset(),
                    frame.length(), TIMEOUT_NANOS);
            }
            catch (final CanException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Setup(Level.Iteration)
        public void iteration(final IterationParams params) throws InterruptedException
        {
            recorder.beginIteration(params);
            // The gate closes before warm-up iterations too: the echo thread's poll that returns empty and its park
            // then run, and get compiled, in the warm-up. Closed only before measurement iterations, both were
            // uncommon traps in the compiled echo loop, which fell back to the interpreter in the first measurement
            // iteration and stayed there for seconds while C2 recompiled it (seen with -XX:+PrintCompilation).
            if (reference != null && InterleavedReference.enabled())
            {
                echoGate.closeAndAwaitParked();
                try
                {
                    reference.beforeIteration(params);
                }
                finally
                {
                    echoGate.open();
                }
            }
            CompilerQueue.awaitIdle();
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException
        {
            pong.close(); // wakes the echo thread with BusClosedException
            echo.join();
            ping.close();
            recorder.save();
        }

        int roundTrip() throws CanException
        {
            final long start = System.nanoTime();
            ping.send(ID, 0, PAYLOAD, 0, PAYLOAD.length, TIMEOUT_NANOS);
            final int received = ping.poll(reply, 1, TIMEOUT_NANOS);
            recorder.record(System.nanoTime() - start);
            if (received != 1)
            {
                throw new IllegalStateException("no echo within 2 s");
            }
            return received;
        }
    }

    /** Both buses in invoker mode. */
    @State(Scope.Benchmark)
    public static class PanacanInvoker extends Panacan
    {
        @Setup(Level.Trial)
        public void open() throws CanException
        {
            reference = InterleavedReference.pingPong();
            open(false, "pingpong-panacan");
        }
    }

    /** Both buses with a receive thread. */
    @State(Scope.Benchmark)
    public static class PanacanReceiveThread extends Panacan
    {
        @Setup(Level.Trial)
        public void open() throws CanException
        {
            open(true, "pingpong-panacan-receive-thread");
        }
    }

    /** Two JavaCAN channels; the echo thread ends on the stop frame, since a blocked read cannot be woken. */
    @State(Scope.Benchmark)
    public static class JavaCan
    {
        RawCanChannel ping;
        RawCanChannel pong;
        Thread echo;
        final LatencyRecorder recorder = new LatencyRecorder("pingpong-javacan");
        final ByteBuffer replyBuffer = Buses.javaCanBuffer();
        final CanFrame frame = CanFrame.create(ID, CanFrame.FD_NO_FLAGS, PAYLOAD);

        @Setup(Level.Trial)
        public void open()
        {
            ping = Buses.javaCan(true);
            pong = Buses.javaCan(true);
            final RawCanChannel echoChannel = pong;
            echo = Thread.ofPlatform().name("javacan-echo").daemon(true).start(() -> echoUntilStop(echoChannel));
        }

        /**
         * Sends every frame back until the stop frame. A read that times out (SO_RCVTIMEO, 2 s) is no error: the
         * benchmark pauses between iterations (a C turn, {@link CompilerQueue}), and then nothing comes.
         */
        private static void echoUntilStop(final RawCanChannel channel)
        {
            final ByteBuffer buffer = Buses.javaCanBuffer();
            try
            {
                while (true)
                {
                    buffer.clear();
                    final CanFrame received;
                    try
                    {
                        received = channel.read(buffer);
                    }
                    catch (final LinuxNativeOperationException ex)
                    {
                        if (ex.mayTryAgain())
                        {
                            continue;
                        }
                        throw ex;
                    }
                    if (received.getId() == STOP_ID)
                    {
                        return;
                    }
                    channel.write(received);
                }
            }
            catch (final IOException ex)
            {
                ex.printStackTrace();
            }
        }

        @Setup(Level.Iteration)
        public void iteration(final IterationParams params)
        {
            recorder.beginIteration(params);
            CompilerQueue.awaitIdle();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, InterruptedException
        {
            ping.write(CanFrame.create(STOP_ID, CanFrame.FD_NO_FLAGS, PAYLOAD));
            echo.join();
            ping.close();
            pong.close();
            recorder.save();
        }
    }

    /**
     * The Java floor: pingpong.c's blocking write()/read() in plain Java over the generated bindings
     * ({@link FfmSockets}), nothing of panacan's between the clock readings. Like panacan's buses, each side has an
     * arena of its own (a downcall that takes a segment acquires its arena: one shared arena would make both threads
     * update one counter). The pinging socket's reads give up after 2 s ({@code SO_RCVTIMEO}, as panacan's receive
     * slices); the echo thread ends on the stop frame.
     */
    @State(Scope.Benchmark)
    public static class FfmFloor
    {
        final Arena pingArena = Arena.ofShared();
        final Arena echoArena = Arena.ofShared();
        final LatencyRecorder recorder = new LatencyRecorder("pingpong-ffm-floor");
        int ping;
        int pong;
        MemorySegment frame;
        MemorySegment reply;
        Thread echo;

        @Setup(Level.Trial)
        public void open()
        {
            ping = FfmSockets.open(pingArena);
            pong = FfmSockets.open(echoArena);
            FfmSockets.setReceiveTimeout(pingArena, ping, TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS));
            frame = benchFrame(ID);
            reply = pingArena.allocate(FRAME_SIZE, 8);
            final MemorySegment echoed = echoArena.allocate(FRAME_SIZE, 8);
            final int echoSocket = pong;
            echo = Thread.ofPlatform().name("ffm-echo").daemon(true).start(() ->
            {
                while (LinuxCan.read(echoSocket, echoed, FRAME_SIZE) == FRAME_SIZE
                    && echoed.get(JAVA_INT, 0) != STOP_ID)
                {
                    LinuxCan.write(echoSocket, echoed, FRAME_SIZE);
                }
            });
        }

        private MemorySegment benchFrame(final int id)
        {
            final MemorySegment bytes = pingArena.allocate(FRAME_SIZE, 8);
            bytes.set(JAVA_INT, 0, id);
            bytes.set(JAVA_BYTE, can_frame.len$offset(), (byte)PAYLOAD.length);
            MemorySegment.copy(PAYLOAD, 0, bytes, JAVA_BYTE, can_frame.data$offset(), PAYLOAD.length);
            return bytes;
        }

        @Setup(Level.Iteration)
        public void iteration(final IterationParams params)
        {
            recorder.beginIteration(params);
            CompilerQueue.awaitIdle();
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException
        {
            final boolean stopSent = LinuxCan.write(ping, benchFrame(STOP_ID), FRAME_SIZE) == FRAME_SIZE;
            recorder.save();
            LinuxCan.close(ping);
            pingArena.close();
            if (!stopSent || !echo.join(Duration.ofSeconds(5)))
            {
                // closing cannot wake a blocked read() on Linux: the daemon thread and its arena stay to the end
                throw new IllegalStateException("the echo thread did not end on the stop frame");
            }
            LinuxCan.close(pong);
            echoArena.close();
        }
    }

    @Benchmark
    public long ffmFloor(final FfmFloor pair)
    {
        final long start = System.nanoTime();
        LinuxCan.write(pair.ping, pair.frame, FRAME_SIZE);
        final long received = LinuxCan.read(pair.ping, pair.reply, FRAME_SIZE);
        pair.recorder.record(System.nanoTime() - start);
        if (received != FRAME_SIZE)
        {
            throw new IllegalStateException("no echo within 2 s");
        }
        return received;
    }

    @Benchmark
    public int panacan(final PanacanInvoker pair) throws CanException
    {
        return pair.roundTrip();
    }

    @Benchmark
    public int panacanReceiveThread(final PanacanReceiveThread pair) throws CanException
    {
        return pair.roundTrip();
    }

    @Benchmark
    public int javaCan(final JavaCan pair) throws IOException
    {
        final long start = System.nanoTime();
        pair.ping.write(pair.frame);
        pair.replyBuffer.clear();
        final CanFrame reply = pair.ping.read(pair.replyBuffer);
        pair.recorder.record(System.nanoTime() - start);
        return reply.getDataLength();
    }
}
