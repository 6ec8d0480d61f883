package org.panacan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.FrameBatch;
import org.panacan.FrameFlags;
import org.panacan.FrameView;
import org.panacan.TimestampMode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code panacan perf}: round-trip and one-way latency on an interface. A ping-pong (one bus sends, a responder
 * on a second bus answers each frame at once, the sender waits for the answer) gives the round-trip time of a frame
 * through the stack twice; a blast (frames sent back to back in batches, each stamped with its send time, counted
 * and timed by a receiver) gives throughput, drops and one-way latency under load. Both are HdrHistograms,
 * printed as a percentile table and plotted as a PNG.
 */
@Command(
    name = "perf",
    mixinStandardHelpOptions = true,
    description = {"Measures latency and throughput on an interface: a ping-pong (round trip through a responder "
        + "on a second socket) and a blast (frames back to back, one-way latency, drops).",
        "Prints HdrHistogram percentiles as a table and writes a latency-by-percentile PNG."},
    footer = {"%nExamples:",
        "  panacan perf vcan0",
        "  panacan perf can0 --peer can1 --fd --length 64 --pings 50000 --blast 1000000 --plot can.png"})
final class PerfCommand implements Callable<Integer>
{
    private static final int PING_ID = 0x101;
    private static final int PONG_ID = 0x102;
    private static final int BLAST_ID = 0x103;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    @ParentCommand
    private PanacanCommand parent;

    @Parameters(index = "0", paramLabel = "<interface>", description = "Interface (vcan0, can0, virtual:<name>).")
    private String interfaceName;

    @Option(names = "--peer", paramLabel = "<interface>",
        description = "Where the responder and the blast receiver listen (default: the same interface).")
    private String peerName;

    @Option(names = "--pings", paramLabel = "<count>", description = "Ping-pong round trips (default: "
        + "${DEFAULT-VALUE}).")
    private int pings = 10_000;

    @Option(names = "--warmup", paramLabel = "<count>", description = "Round trips before measuring (default: "
        + "${DEFAULT-VALUE}).")
    private int warmup = 2_000;

    @Option(names = "--blast", paramLabel = "<count>", description = "Frames in the blast; 0 skips it (default: "
        + "${DEFAULT-VALUE}).")
    private int blast = 100_000;

    @Option(names = "--batch", paramLabel = "<count>", description = "Frames per sendmmsg in the blast (default: "
        + "${DEFAULT-VALUE}).")
    private int batch = 32;

    @Option(names = "--fd", description = "CAN FD frames.")
    private boolean fd;

    @Option(names = "--length", paramLabel = "<bytes>", description = "Payload length, at least 8 (default: 8).")
    private int length = 8;

    @Option(names = "--plot", paramLabel = "<file.png>", description = "The latency plot (default: "
        + "${DEFAULT-VALUE}); '-' for none.")
    private String plot = "panacan-perf.png";

    @Override
    public Integer call() throws IOException
    {
        if (length < 8 || length > (fd ? 64 : 8) || (fd && !org.panacan.Dlc.isFdLength(length)))
        {
            throw new IllegalArgumentException("length " + length + " must be a valid "
                + (fd ? "CAN FD length 8..64" : "classic length (8)") + ": the payload carries the send time");
        }
        if (pings < 0 || blast < 0 || warmup < 0 || batch < 1 || batch > BusConfig.MAX_BATCH_SIZE)
        {
            throw new IllegalArgumentException("counts must not be negative; batch is 1.." + BusConfig.MAX_BATCH_SIZE);
        }
        final PrintStream out = new PrintStream(parent.streams().stdout(), true);
        final String peer = peerName != null ? peerName : interfaceName;
        final LatencyRecorder roundTrip = new LatencyRecorder("ping-pong RTT");
        final LatencyRecorder oneWay = new LatencyRecorder("blast one-way");
        out.printf("perf on %s (peer %s): %d-byte %s frames, %d round trips, %d blast frames%n", interfaceName, peer,
            length, fd ? "CAN FD" : "classic", pings, blast);
        final int flags = fd ? FrameFlags.FD | FrameFlags.BRS : 0;
        pingPong(peer, flags, roundTrip);
        final BlastResult blastResult = blast > 0 ? blast(peer, flags, oneWay) : null;
        out.println();
        LatencyRecorder.printHeader(out);
        roundTrip.printRow(out);
        if (blastResult != null)
        {
            oneWay.printRow(out);
            out.printf("%nblast: %d sent, %d received, %d dropped, %.0f frames/s sent, %.0f frames/s received%n",
                blastResult.sent, blastResult.received, blastResult.sent - blastResult.received,
                blastResult.sendRate(), blastResult.receiveRate());
        }
        if (!"-".equals(plot))
        {
            LatencyPlot.write(Path.of(plot), "panacan perf on " + interfaceName,
                blastResult != null ? List.of(roundTrip, oneWay) : List.of(roundTrip));
            out.println("latency plot: " + plot);
        }
        return 0;
    }

    private CanBus open(final String name, final int filterId, final boolean receiveThread) throws CanException
    {
        return Buses.open(name, config -> config.timestamps(TimestampMode.NONE)
            .filters(CanFilter.standard(filterId, 0x7FF)).errorMask(0).ringCapacity(1 << 16)
            .receiveBufferSize(receiveThread ? 8 << 20 : 0).sendTimeout(Duration.ofSeconds(1)));
    }

    /** Round trips: send, the responder echoes, wait for the echo. */
    private void pingPong(final String peer, final int flags, final LatencyRecorder recorder) throws IOException
    {
        try (CanBus pinger = open(interfaceName, PONG_ID, false); CanBus responderBus = open(peer, PING_ID, false))
        {
            final Responder responder = new Responder(responderBus, flags);
            final Thread thread = Thread.ofPlatform().name("panacan-perf-responder").daemon().start(responder);
            final byte[] payload = new byte[length];
            final long[] received = {0};
            final org.panacan.FrameHandler onPong = frame -> received[0] = frame.dataInt(0);
            try
            {
                for (int i = 0; i < warmup + pings; i++)
                {
                    writeInt(payload, i);
                    final long start = System.nanoTime();
                    pinger.send(PING_ID, flags, payload, 0, length, WAIT_NANOS);
                    do
                    {
                        if (pinger.poll(onPong, 1, WAIT_NANOS) == 0)
                        {
                            throw new CanException("no answer to ping " + i + " within 1 s: is " + peer
                                + " on the same bus as " + interfaceName + "?");
                        }
                    }
                    while (received[0] != i);
                    if (i >= warmup)
                    {
                        recorder.record(System.nanoTime() - start);
                    }
                }
            }
            finally
            {
                responder.stop();
                responderBus.close();
                joinQuietly(thread);
            }
        }
    }

    private record BlastResult(long sent, long received, long sendNanos, long receiveNanos)
    {
        double sendRate()
        {
            return sendNanos == 0 ? 0 : sent * 1e9 / sendNanos;
        }

        double receiveRate()
        {
            return receiveNanos == 0 ? 0 : received * 1e9 / receiveNanos;
        }
    }

    /** Frames back to back in batches; a receive thread keeps the receiver's socket drained. */
    private BlastResult blast(final String peer, final int flags, final LatencyRecorder recorder) throws IOException
    {
        try (CanBus sender = open(interfaceName, BLAST_ID, false); CanBus receiver = open(peer, BLAST_ID, true))
        {
            receiver.start();
            final long[] received = {0};
            final long[] lastReceived = {0};
            final org.panacan.FrameHandler onFrame = frame ->
            {
                final long now = System.nanoTime();
                recorder.record(now - sentAt(frame));
                received[0]++;
                lastReceived[0] = now;
            };
            final FrameBatch frames = sender.newBatch(batch);
            final byte[] payload = new byte[length];
            final long start = System.nanoTime();
            long sent = 0;
            while (sent < blast)
            {
                frames.clear();
                final int count = (int)Math.min(batch, blast - sent);
                for (int i = 0; i < count; i++)
                {
                    writeLong(payload, System.nanoTime());
                    frames.add(BLAST_ID, flags, payload, 0, length);
                }
                sent += sender.send(frames, WAIT_NANOS);
                receiver.drain(onFrame, Integer.MAX_VALUE);
            }
            final long sendNanos = System.nanoTime() - start;
            long idleSince = System.nanoTime();
            while (received[0] < sent && System.nanoTime() - idleSince < WAIT_NANOS)
            {
                if (receiver.poll(onFrame, Integer.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(100)) > 0)
                {
                    idleSince = System.nanoTime();
                }
            }
            return new BlastResult(sent, received[0], sendNanos, lastReceived[0] - start);
        }
    }

    private static long sentAt(final FrameView frame)
    {
        return (frame.dataInt(0) & 0xFFFF_FFFFL) | ((long)frame.dataInt(4) << 32);
    }

    private static void writeInt(final byte[] payload, final int value)
    {
        for (int i = 0; i < 4; i++)
        {
            payload[i] = (byte)(value >>> (8 * i));
        }
    }

    private static void writeLong(final byte[] payload, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            payload[i] = (byte)(value >>> (8 * i));
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Echoes every ping as a pong with the same payload until stopped. */
    private static final class Responder implements Runnable
    {
        private final CanBus bus;
        private final int flags;
        private final java.util.concurrent.atomic.AtomicBoolean running =
            new java.util.concurrent.atomic.AtomicBoolean(true);
        private final byte[] payload = new byte[64];

        Responder(final CanBus bus, final int flags)
        {
            this.bus = bus;
            this.flags = flags;
        }

        void stop()
        {
            running.set(false);
        }

        @Override
        public void run()
        {
            final org.panacan.FrameHandler echo = frame ->
            {
                final int length = frame.copyData(payload, 0);
                try
                {
                    bus.send(PONG_ID, flags, payload, 0, length, WAIT_NANOS);
                }
                catch (final CanException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            };
            try
            {
                while (running.get())
                {
                    bus.poll(echo, 64, TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
            catch (final CanException | java.io.UncheckedIOException ex)
            {
                // closed at the end of the ping-pong
            }
        }
    }
}
