package org.panacan.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

import org.HdrHistogram.Histogram;
import org.panacan.benchmarks.LatencyRecorder;

/**
 * Turns one run of scripts/bench into {@code results.md} (every ratio panacan / reference, with the goal each must
 * meet) and {@code latency-percentiles.png}. Reads, from the run directory: {@code settings.properties},
 * {@code raw/jmh.csv}, {@code raw/refs.txt} (C and python-can results), {@code raw/hlog/*.hlog} and
 * {@code raw/samples/*.bin} (round trips); writes {@code raw/hgrm/*.hgrm} for the C and python-can round trips too.
 *
 * <pre>java -cp benchmarks.jar org.panacan.benchmarks.report.Report RUN_DIRECTORY</pre>
 */
public final class Report
{
    private static final String PINGPONG = "kernel.PingPongBenchmark.";
    private static final String RECEIVE = "kernel.ReceiveBenchmark.";
    private static final String SEND = "kernel.SendBenchmark.";
    private static final String ALLOC = "gc.alloc.rate.norm";

    private final Path run;
    private final Properties settings = new Properties();
    private final JmhResults jmh;
    private final ReferenceResults refs;
    private final Map<String, Histogram> latency = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder headline = new StringBuilder();
    /** The C programs' loops in plain Java over the generated bindings (PingPongBenchmark / ReceiveBenchmark). */
    private static final String JAVA_FLOOR = "Java floor";
    private static final String C_TURNS = "C write()/read(), taking turns";
    private static final String C_APART = "C write()/read(), apart";
    private int goals;
    private int goalsMet;

    private Report(final Path run) throws IOException
    {
        this.run = run;
        final Path settingsFile = run.resolve("settings.properties");
        if (Files.exists(settingsFile))
        {
            try (InputStream in = Files.newInputStream(settingsFile))
            {
                settings.load(in);
            }
        }
        jmh = new JmhResults(run.resolve("raw"));
        refs = new ReferenceResults(run.resolve("raw/refs.txt"));
        loadLatency(C_TURNS, LatencySources.samples(run.resolve("raw/samples"), "c-pingpong-interleaved-*.bin"),
            "pingpong-c-interleaved");
        loadLatency(C_APART, LatencySources.samples(run.resolve("raw/samples"), "c-pingpong-[0-9]*.bin"),
            "pingpong-c");
        loadLatency("panacan", LatencySources.hlog(run.resolve("raw/hlog/pingpong-panacan.hlog")), null);
        loadLatency(JAVA_FLOOR, LatencySources.hlog(run.resolve("raw/hlog/pingpong-ffm-floor.hlog")), null);
        loadLatency("JavaCAN", LatencySources.hlog(run.resolve("raw/hlog/pingpong-javacan.hlog")), null);
        loadLatency("panacan, receive thread",
            LatencySources.hlog(run.resolve("raw/hlog/pingpong-panacan-receive-thread.hlog")), null);
        loadLatency("python-can", LatencySources.samples(run.resolve("raw/samples"), "python-can-pingpong*.bin"),
            "pingpong-python-can");
    }

    public static void main(final String[] args) throws IOException
    {
        Locale.setDefault(Locale.ROOT);
        System.setProperty("java.awt.headless", "true");
        if (args.length != 1)
        {
            System.err.println("usage: Report RUN_DIRECTORY");
            System.exit(2);
        }
        final Report report = new Report(Path.of(args[0]));
        final String text = report.render();
        Files.writeString(report.run.resolve("results.md"), text);
        if (report.latency.containsKey("panacan") || report.latency.containsKey(C_APART))
        {
            final Map<String, Histogram> curves = new LinkedHashMap<>(report.latency);
            final String where = report.setting("where", "?");
            LatencyPlot.write(curves, "CAN ping-pong round trip, " + report.setting("interface", "vcan0") + ", "
                + (where.startsWith("the test VM") ? "test VM (qemu TCG)" : "native") + ", "
                + report.setting("date", ""), report.run.resolve("latency-percentiles.png"));
        }
        System.out.println(text);
    }

    private void loadLatency(final String name, final Optional<Histogram> histogram, final String hgrmName)
    {
        histogram.ifPresent(h ->
        {
            latency.put(name, h);
            if (hgrmName != null)
            {
                LatencyRecorder.save(run.resolve("raw"), hgrmName, h);
            }
        });
    }

    private String setting(final String key, final String fallback)
    {
        return settings.getProperty(key, fallback);
    }

    private boolean quick()
    {
        return "quick".equals(setting("mode", ""));
    }

    private String render() throws IOException
    {
        final boolean quick = quick();
        final StringBuilder out = new StringBuilder();
        out.append("# panacan benchmarks: ").append(quick ? "smoke run (--quick)" : "full run").append(", ")
            .append(setting("date", "?")).append("\n\n");
        if (quick)
        {
            out.append("> **Smoke run**: proves that every benchmark executes. With 1 s iterations and no warm-up "
                + "worth the name, the figures below are not measurements; run `scripts/bench` for a report.\n\n");
        }
        out.append("Measured in ").append(setting("where", "?")).append(" on ").append(setting("host", "?"))
            .append(". Every figure below comes from this one run; compare ratios, not absolute values (under "
                + "software emulation everything is 10-50x slower than on hardware, and noisy).\n\n");
        sections();
        out.append("## Headline: panacan / reference\n\n")
            .append(quick ? "" : String.format("%d of %d goals met.%n%n", goalsMet, goals))
            .append("| Measure | panacan | Reference | Reference value | Ratio | Goal | |\n")
            .append("|---|--:|---|--:|--:|---|---|\n")
            .append(headline).append('\n');
        out.append(md);
        settingsSection(out);
        return out.toString();
    }

    private void sections() throws IOException
    {
        pingPong();
        receive();
        send();
        allocation();
        ring();
        isoTp();
        bcmJitter();
        codec();
        others();
    }

    // ------------------------------------------------------------------------------------------------ ping-pong

    private void pingPong()
    {
        md.append("## Ping-pong latency (round trip between two sockets on ").append(setting("interface", "vcan0"))
            .append(", µs)\n\n");
        if (latency.isEmpty())
        {
            md.append("No round-trip data.\n\n");
            return;
        }
        md.append("| Percentile |");
        latency.keySet().forEach(name -> md.append(' ').append(name).append(" |"));
        md.append("\n|---|");
        latency.keySet().forEach(name -> md.append("--:|"));
        md.append('\n');
        for (final double percentile : LatencyRecorder.PERCENTILES)
        {
            md.append("| p").append(trim(percentile)).append(" |");
            latency.values().forEach(h -> md.append(String.format(" %.1f |",
                h.getValueAtPercentile(percentile) / 1e3)));
            md.append('\n');
        }
        md.append("| max |");
        latency.values().forEach(h -> md.append(String.format(" %.1f |", h.getMaxValue() / 1e3)));
        md.append("\n| mean |");
        latency.values().forEach(h -> md.append(String.format(" %.1f |", h.getMean() / 1e3)));
        md.append("\n| samples |");
        latency.values().forEach(h -> md.append(' ').append(h.getTotalCount()).append(" |"));
        md.append("\n\n![Ping-pong latency percentiles](latency-percentiles.png)\n\n")
            .append("C: `pingpong.c`, two threads, blocking write()/read(); \"taking turns\": on vcan1 before "
                + "each measurement iteration of panacan's, as long as the iteration (`InterleavedReference`); "
                + "\"apart\": before and after the ping-pong group. panacan: `PingPongBenchmark.panacan`, "
                + "send() then poll() in invoker mode on both buses (and with a receive thread per bus). JavaCAN: "
                + "blocking write(CanFrame)/read(ByteBuffer). Java floor: `PingPongBenchmark.ffmFloor`, the C "
                + "program's write()/read() in plain Java over the generated bindings, nothing of panacan's: what it"
                + " lacks of C is the JVM's cost (downcalls, JMH's loop), what panacan lacks of it is panacan's "
                + "(measured in a fork of its own, apart from panacan's, like JavaCAN). "
                + "python-can: send()/recv(), echo in a second process."
                + " Histograms: `raw/hgrm/`.\n\n");

        for (final String name : new String[] {"panacan", "panacanReceiveThread", "javaCan", "ffmFloor"})
        {
            jmh.primary(PINGPONG + name); // the histograms above say more than JMH's mean
        }
        // The goals compare with the C runs that took turns with the measurement iterations when there are any
        // (both sample the same spells of the emulator's speed); the runs before and after the group are shown too.
        final String goalReference = latency.containsKey(C_TURNS) ? C_TURNS : C_APART;
        final Histogram c = latency.get(goalReference);
        final Histogram panacan = latency.get("panacan");
        final Histogram javaCan = latency.get("JavaCAN");
        latencyGoal("ping-pong p50", panacan, c, goalReference, 50, 1.05);
        latencyGoal("ping-pong p99", panacan, c, goalReference, 99, Double.NaN);
        latencyGoal("ping-pong p99.9", panacan, c, goalReference, 99.9, 1.2);
        if (goalReference.equals(C_TURNS))
        {
            latencyGoal("ping-pong p50", panacan, latency.get(C_APART), C_APART, 50, Double.NaN);
            latencyGoal("ping-pong p99.9", panacan, latency.get(C_APART), C_APART, 99.9, Double.NaN);
        }
        latencyGoal("ping-pong p50", panacan, latency.get(JAVA_FLOOR), JAVA_FLOOR, 50, Double.NaN);
        latencyGoal("ping-pong p99.9", panacan, latency.get(JAVA_FLOOR), JAVA_FLOOR, 99.9, Double.NaN);
        latencyGoal("ping-pong p50", panacan, javaCan, "JavaCAN", 50, 1.0);
        latencyGoal("ping-pong p99.9", panacan, javaCan, "JavaCAN", 99.9, 1.0);
        latencyGoal("ping-pong p50", panacan, latency.get("python-can"), "python-can", 50, Double.NaN);
    }

    private void latencyGoal(final String measure, final Histogram panacan, final Histogram reference,
        final String referenceName, final double percentile, final double maxRatio)
    {
        if (panacan == null || reference == null)
        {
            return;
        }
        final double ours = panacan.getValueAtPercentile(percentile) / 1e3;
        final double theirs = reference.getValueAtPercentile(percentile) / 1e3;
        headlineRow(measure + " (µs)", ours, referenceName, theirs, ours / theirs,
            Double.isNaN(maxRatio) ? "" : "≤ " + ratio(maxRatio),
            Double.isNaN(maxRatio) ? null : ours / theirs <= maxRatio,
            "%.1f");
    }

    // -------------------------------------------------------------------------------------------------- receive

    private void receive()
    {
        md.append("## Receive: frames delivered to the consumer from a pre-filled socket queue (frames/s)\n\n")
            .append("| Receiver | frames/s | ± | B/frame |\n|---|--:|--:|--:|\n");
        final OptionalDouble panacan64 = receiveRow("panacan drain(), recvmmsg(64), timestamps", "batch=64",
            "timestamps=SOFTWARE");
        final OptionalDouble panacan64Bare = receiveRow("panacan drain(), recvmmsg(64), no timestamps", "batch=64",
            "timestamps=NONE");
        final OptionalDouble panacan1 = receiveRow("panacan drain(), recvmmsg(1): one call per frame, timestamps",
            "batch=1", "timestamps=SOFTWARE");
        final OptionalDouble panacan1Bare = receiveRow("panacan drain(), recvmmsg(1), no timestamps", "batch=1",
            "timestamps=NONE");
        final OptionalDouble floor = jmhRow(RECEIVE + "ffmFloor",
            "Java floor: the C loop over the generated bindings, recvmmsg(64) + SO_TIMESTAMPNS + SO_RXQ_OVFL");
        final OptionalDouble floorTurns = refRow("ffm-floor-drain-interleaved",
            "Java floor, taking turns in panacan's JVM");
        final OptionalDouble javaCanBuffer = jmhRow(RECEIVE + "javaCanReadBuffer", "JavaCAN read(ByteBuffer)");
        final OptionalDouble javaCanRead = jmhRow(RECEIVE + "javaCanRead", "JavaCAN read() (allocating)");
        final OptionalDouble c64 = refRow("c-drain-recvmmsg64-cmsg", "C recvmmsg(64), SO_TIMESTAMPNS + SO_RXQ_OVFL");
        final OptionalDouble c64Bare = refRow("c-drain-recvmmsg64", "C recvmmsg(64), no control messages");
        final OptionalDouble cRead = refRow("c-drain-read", "C read() per frame");
        final OptionalDouble cUring = refRow("c-drain-uring-cmsg",
            "C io_uring: one multishot recvmsg, provided buffers, SO_TIMESTAMPNS + SO_RXQ_OVFL");
        final OptionalDouble c64Turns = refRow("c-drain-recvmmsg64-cmsg-interleaved",
            "C recvmmsg(64), SO_TIMESTAMPNS + SO_RXQ_OVFL, taking turns");
        final OptionalDouble c64BareTurns = refRow("c-drain-recvmmsg64-interleaved",
            "C recvmmsg(64), no control messages, taking turns");
        final OptionalDouble python = refRow("python-can-drain-recv", "python-can recv() (queue filled by cangen)");
        md.append("\nEach invocation drains ").append(setting("queued_frames", "8192"))
            .append(" frames queued beforehand (timed: the drain only). panacan's default bus asks for receive "
                + "timestamps and the drop counter (control messages per frame); the first C row does the same work,"
                + " JavaCAN's read() cannot. \"Taking turns\": the C drain ran on vcan1 before each measurement "
                + "iteration of the panacan row above it, as long as the iteration (`InterleavedReference`); the "
                + "other C rows ran before and after the group. The Java floor (`FfmReceiver`) is the C drain's "
                + "loop in plain Java, nothing of panacan's between recvmmsg and the checksum: what it lacks of C is"
                + " the JVM's cost (the downcall, bounds checks), what panacan lacks of it is panacan's. It ran in "
                + "forks of its own and, \"taking turns in panacan's JVM\", before each iteration of the first "
                + "panacan row, after the C turn (`InterleavedFloor`): a JVM instance in the VM drains up to 5 % "
                + "faster or slower than the next, so only the second ratio is panacan's own cost. The io_uring row "
                + "(`drain_uring.c`) takes the same queue through the kernel's other receive interface: no system "
                + "call, msghdr copy or iovec import per frame, one completion per frame instead; it shows what a "
                + "receiver could gain by leaving recvmmsg.\n\n");

        // each goal compares with the C runs that took turns with its iterations, when there are any (a run may
        // measure one of the two timestamp settings only)
        drainGoal("drain, recvmmsg(64) + timestamps", panacan64, "C recvmmsg(64) + cmsg", c64Turns, c64);
        drainGoal("drain, recvmmsg(64), no timestamps", panacan64Bare, "C recvmmsg(64)", c64BareTurns, c64Bare);
        throughputGoal("drain, recvmmsg(64) + timestamps", panacan64, JAVA_FLOOR + ", taking turns", floorTurns,
            Double.NaN);
        throughputGoal("drain, recvmmsg(64) + timestamps", panacan64, JAVA_FLOOR + ", own forks", floor,
            Double.NaN);
        throughputGoal("drain, recvmmsg(64) + timestamps", panacan64, "C io_uring multishot recvmsg + cmsg", cUring,
            Double.NaN);
        throughputGoal("drain", panacan64, "JavaCAN read(ByteBuffer)", javaCanBuffer, 1.4);
        throughputGoal("drain", panacan64, "JavaCAN read()", javaCanRead, 3.0);
        throughputGoal("drain", panacan64, "python-can recv()", python, Double.NaN);
        throughputGoal("drain, recvmmsg(64) vs one call per frame", panacan64, "panacan recvmmsg(1)", panacan1,
            Double.NaN);
        throughputGoal("drain, one call per frame, no timestamps", panacan1Bare, "C read() per frame", cRead,
            Double.NaN);
    }

    /** The drain's goal against C taking turns when C did, else against C apart; with turns, apart beside it. */
    private void drainGoal(final String measure, final OptionalDouble panacan, final String c,
        final OptionalDouble turns, final OptionalDouble apart)
    {
        if (turns.isPresent())
        {
            throughputGoal(measure, panacan, c + ", taking turns", turns, 1.0);
            throughputGoal(measure, panacan, c + ", apart", apart, Double.NaN);
        }
        else
        {
            throughputGoal(measure, panacan, c, apart, 1.0);
        }
    }

    private OptionalDouble receiveRow(final String label, final String... params)
    {
        return jmhRow(RECEIVE + "panacan", label, params);
    }

    // ----------------------------------------------------------------------------------------------------- send

    private void send()
    {
        md.append("## Send throughput (frames/s, one socket, nobody listening)\n\n")
            .append("| Sender | frames/s | ± | B/frame |\n|---|--:|--:|--:|\n");
        final OptionalDouble batch = jmhRow(SEND + "panacanBatch", "panacan send(FrameBatch): sendmmsg(64)");
        final OptionalDouble single = jmhRow(SEND + "panacan", "panacan send(id, flags, byte[]): sendto()");
        final OptionalDouble javaCan = jmhRow(SEND + "javaCan", "JavaCAN write(CanFrame)");
        final OptionalDouble cBatch = refRow("c-send-sendmmsg64", "C sendmmsg(64)");
        final OptionalDouble cWrite = refRow("c-send-write", "C write() blaster");
        final OptionalDouble python = refRow("python-can-send", "python-can send()");
        md.append('\n');
        throughputGoal("send, sendmmsg(64)", batch, "C sendmmsg(64)", cBatch, 1.0);
        throughputGoal("send, one frame per call", single, "C write()", cWrite, Double.NaN);
        throughputGoal("send, one frame per call", single, "JavaCAN write()", javaCan, Double.NaN);
        throughputGoal("send, one frame per call", single, "python-can send()", python, Double.NaN);
    }

    // ----------------------------------------------------------------------------------------------- allocation

    private void allocation()
    {
        md.append("## Allocation in steady state\n\n");
        probes();
        md.append("JMH `-prof gc` (gc.alloc.rate.norm: everything every thread of the fork allocated, JMH's own "
            + "bookkeeping and setup methods included, divided by the operations):\n\n")
            .append("| Benchmark | operation | B/op |\n|---|---|--:|\n");
        jmh.primary("kernel.SendReceiveBenchmark.panacan");
        allocationRow("kernel.SendReceiveBenchmark.panacan", "send + receive of one frame", true);
        allocationRow(SEND + "panacan", "send of one frame", true);
        allocationRow(SEND + "panacanBatch", "send of one frame (sendmmsg batch)", true);
        for (final String batch : new String[] {"64", "1"})
        {
            for (final String stamps : new String[] {"SOFTWARE", "NONE"})
            {
                allocationRow(RECEIVE + "panacan", "receive of one frame", true, "batch=" + batch,
                    "timestamps=" + stamps);
            }
        }
        // Not a goal: the latency recorder's warm-up copy (first iteration's setup) and its histogram files (the
        // trial's teardown, counted into the last iteration) allocate; the thread-counted probe of send + poll is
        // the goal for this path
        allocationRow(PINGPONG + "panacan", "round trip: send + receive on both sides (all threads count, and the "
            + "latency recorder's histogram copy and files in the first and last iterations)", false);
        allocationRow(SEND + "javaCan", "JavaCAN send of one frame", false);
        allocationRow(RECEIVE + "javaCanReadBuffer", "JavaCAN receive of one frame, read(ByteBuffer)", false);
        allocationRow(RECEIVE + "javaCanRead", "JavaCAN receive of one frame, read()", false);
        allocationRow(PINGPONG + "javaCan", "JavaCAN round trip, both sides", false);
        md.append('\n');
    }

    /** AllocationProbe: bytes the calling thread allocated per frame, counted by the JVM. */
    private void probes()
    {
        final String[][] paths = {{"send", "send(id, flags, byte[]): sendto()"},
            {"send-batch", "send(FrameBatch): sendmmsg(64)"}, {"drain", "drain of queued frames: recvmmsg(64) + ring"},
            {"send-poll", "send, then poll(timeout) for the echo: blocking recvmmsg"}};
        if (refs.value("panacan-alloc-send", "bytes_per_frame").isEmpty())
        {
            return;
        }
        md.append("`AllocationProbe`: bytes allocated by the thread that runs the path, per frame, after warm-up "
            + "(`ThreadMXBean.getCurrentThreadAllocatedBytes`):\n\n| Path | frames | bytes | B/frame |\n|---|--:|--:|--:|\n");
        for (final String[] path : paths)
        {
            final String name = "panacan-alloc-" + path[0];
            final OptionalDouble perFrame = refs.value(name, "bytes_per_frame");
            if (perFrame.isEmpty())
            {
                continue;
            }
            md.append(String.format("| %s | %s | %s | %.4f |%n", path[1], count(refs.value(name, "frames").orElse(0)),
                count(refs.value(name, "bytes").orElse(0)), perFrame.getAsDouble()));
            headlineRow("allocation per frame, " + path[1] + " (B, thread-counted)", perFrame.getAsDouble(), "zero",
                0, Double.NaN, "0 B", perFrame.getAsDouble() < 0.01, "%.4f");
        }
        md.append('\n');
    }

    private void allocationRow(final String benchmark, final String operation, final boolean goal,
        final String... params)
    {
        jmh.secondary(benchmark, ALLOC, params).ifPresent(row ->
        {
            final String label = row.label();
            md.append(String.format("| %s | %s | %s |%n", label, operation, bytes(row.score())));
            if (goal)
            {
                // JMH normalises total allocation by operations; below 0.5 B/op there is no allocation per frame
                headlineRow("allocation: " + label.replace("kernel.", "") + " (B/op)", row.score(), "zero", 0,
                    Double.NaN, "~0 B/op", row.score() < 0.5, "%.3f");
            }
        });
    }

    // ----------------------------------------------------------------------------------------------------- ring

    private void ring()
    {
        md.append("## Ring throughput (frames/s through the ring)\n\n")
            .append("| Ring | frames/s | ± | B/frame |\n|---|--:|--:|--:|\n");
        final OptionalDouble panacan = jmhRow("ring.RingBurstBenchmark.panacan",
            "panacan FrameRing, one thread, commit per frame");
        jmhRow("ring.RingBurstBenchmark.panacanWaking",
            "panacan FrameRing, one thread, publish per frame with the parked-consumer check (full fence)");
        final OptionalDouble panacanBatch = jmhRow("ring.RingBurstBenchmark.panacanBatch",
            "panacan FrameRing, one thread, commit per burst of 64");
        final OptionalDouble agrona = jmhRow("ring.RingBurstBenchmark.agrona", "Agrona OneToOneRingBuffer, one thread");
        final OptionalDouble jcTools = jmhRow("ring.RingBurstBenchmark.jcTools",
            "JCTools SpscArrayQueue of pooled frames, one thread");
        jmhRow("ring.RingBurstBenchmark.jcToolsReference",
            "JCTools SpscArrayQueue moving a constant reference, no frame (floor), one thread");
        final OptionalDouble panacan2 = counterRow("ring.RingBenchmark.panacan", "panacan FrameRing, two threads");
        final OptionalDouble agrona2 = counterRow("ring.RingBenchmark.agrona",
            "Agrona OneToOneRingBuffer, two threads");
        final OptionalDouble jcTools2 = counterRow("ring.RingBenchmark.jctools", "JCTools SpscArrayQueue of pooled frames, two threads");
        md.append("\nEvery ring moves the same 32-byte received frame (can_frame, timestamp, interface, flags, size), "
            + "written by the producer and read by the consumer; JCTools through a pool of preallocated frames. "
            + "One thread: bursts of 64 offers then a drain (the cost per frame, free of cross-core effects). "
            + "panacan commits without the parked-consumer check (none of these consumers parks, and the others "
            + "have no such check); its receiver pays the check once per recvmmsg batch, and the row with the check "
            + "per frame shows its cost. "
            + "Two threads: a producer offering one frame per call and a consumer draining up to 64 (framesPolled"
            + " counter); on two time-shared vCPUs this mostly measures scheduling.\n\n");
        throughputGoal("ring, one thread, per-frame commit", panacan, "Agrona", agrona, 1.0);
        throughputGoal("ring, one thread, per-frame commit", panacan, "JCTools", jcTools, 1.0);
        throughputGoal("ring, one thread, batch commit", panacanBatch, "Agrona", agrona, 1.0);
        throughputGoal("ring, one thread, batch commit", panacanBatch, "JCTools", jcTools, 1.0);
        throughputGoal("ring, two threads", panacan2, "Agrona", agrona2, 1.0);
        throughputGoal("ring, two threads", panacan2, "JCTools", jcTools2, 1.0);
    }

    private OptionalDouble counterRow(final String benchmark, final String label)
    {
        final Optional<JmhResults.Row> row = jmh.secondary(benchmark, "framesPolled");
        jmh.primary(benchmark); // consumed: the primary score counts calls, not frames
        final String alloc = jmh.secondary(benchmark, ALLOC).map(r -> bytes(r.score())).orElse("");
        row.ifPresent(r -> md.append(String.format("| %s | %s | %s | %s |%n", label, count(r.score()),
            count(r.error()), alloc)));
        return row.map(r -> OptionalDouble.of(r.score())).orElse(OptionalDouble.empty());
    }

    // ---------------------------------------------------------------------------------------------------- ISO-TP

    private void isoTp() throws IOException
    {
        final String transfer = "isotp.IsoTpTransferBenchmark.transfer4095";
        final Optional<JmhResults.Row> kernel = jmh.primary(transfer, "backend=KERNEL");
        final Optional<JmhResults.Row> java = jmh.primary(transfer, "backend=JAVA");
        final OptionalDouble c = refs.value("c-isotp-transfer4095", "transfers_per_s");
        if (kernel.isEmpty() && java.isEmpty() && c.isEmpty())
        {
            return;
        }
        md.append("## ISO-TP: 4095-byte transfers and single-frame request/response (STmin 0, block size 0)\n\n")
            .append("| Path | transfers/s | ± | B/transfer | B/frame | request/response p50 (µs) | p99 (µs) |\n")
            .append("|---|--:|--:|--:|--:|--:|--:|\n");
        isoTpRow("C client of the kernel's CAN_ISOTP sockets", c, "", null,
            refs.value("c-isotp-rr", "p50_us"), refs.value("c-isotp-rr", "p99_us"));
        for (final String backend : new String[] {"KERNEL", "JAVA"})
        {
            final Optional<JmhResults.Row> row = backend.equals("KERNEL") ? kernel : java;
            final String param = "backend=" + backend;
            final Optional<Histogram> rr = LatencySources.hlog(run.resolve("raw/hlog/isotp-rr-"
                + backend.toLowerCase(Locale.ROOT) + ".hlog"));
            jmh.primary("isotp.IsoTpRequestResponseBenchmark.singleFrameRoundTrip", param);
            isoTpRow(backend.equals("KERNEL") ? "panacan, kernel backend (CAN_ISOTP)" : "panacan, pure-Java backend",
                row.map(r -> OptionalDouble.of(r.score())).orElse(OptionalDouble.empty()),
                row.map(r -> count(r.error())).orElse(""), jmh.secondary(transfer, ALLOC, param).orElse(null),
                rr.map(h -> OptionalDouble.of(h.getValueAtPercentile(50) / 1e3)).orElse(OptionalDouble.empty()),
                rr.map(h -> OptionalDouble.of(h.getValueAtPercentile(99) / 1e3)).orElse(OptionalDouble.empty()));
        }
        md.append("\nA transfer is one PDU of 4095 bytes: a first frame, 585 consecutive frames and one flow control "
            + "(587 frames); allocation counts every thread of the transfer, the Java backend's protocol threads "
            + "included. Request/response: 2 bytes each way in single frames, the answer from a second thread.\n\n");
        final OptionalDouble kernelRate = kernel.map(r -> OptionalDouble.of(r.score())).orElse(OptionalDouble.empty());
        final OptionalDouble javaRate = java.map(r -> OptionalDouble.of(r.score())).orElse(OptionalDouble.empty());
        ratioGoal("ISO-TP kernel backend, 4095-byte transfers/s", kernelRate, "C client of CAN_ISOTP", c, 0.95, "%.1f");
        ratioGoal("ISO-TP pure Java, 4095-byte transfers/s", javaRate, "C client of CAN_ISOTP", c, 0.8, "%.1f");
        ratioGoal("ISO-TP pure Java, 4095-byte transfers/s", javaRate, "panacan kernel backend", kernelRate, 0.8,
            "%.1f");
    }

    private void isoTpRow(final String label, final OptionalDouble rate, final String error,
        final JmhResults.Row alloc, final OptionalDouble p50, final OptionalDouble p99)
    {
        md.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", label,
            rate.isPresent() ? count(rate.getAsDouble()) : "", error, alloc == null ? "" : bytes(alloc.score()),
            alloc == null ? "" : bytes(alloc.score() / 587), p50.isPresent() ? String.format("%.1f", p50.getAsDouble())
                : "", p99.isPresent() ? String.format("%.1f", p99.getAsDouble()) : ""));
    }

    // ------------------------------------------------------------------------------------------------------ BCM

    private void bcmJitter() throws IOException
    {
        final Path file = run.resolve("raw/bcm-jitter.txt");
        if (!Files.exists(file))
        {
            return;
        }
        final List<String> lines = Files.readAllLines(file);
        final int table = lines.indexOf(lines.stream().filter(l -> l.startsWith("interval error")).findFirst()
            .orElse(""));
        if (table < 0)
        {
            return;
        }
        md.append("## BCM: jitter of a 1 ms periodic frame (`PeriodicJitter`)\n\n")
            .append("The same frame every millisecond four ways; |Δt − period| from kernel receive timestamps on a "
                + "second socket, first 2 s of each sender not recorded.\n\n```\n");
        lines.subList(table + 1, lines.size()).forEach(l -> md.append(l).append('\n'));
        md.append("```\n\n");
    }

    // ---------------------------------------------------------------------------------------------------- codec

    private void codec()
    {
        md.append("## Frame encode / decode (ns per frame)\n\n| Benchmark | ns/op | ± | B/op |\n|---|--:|--:|--:|\n");
        for (final String name : new String[] {"encode", "encodeBatch", "encodeCanFrame", "javaCanEncode",
            "decodeView", "decodeCopy", "javaCanDecode"})
        {
            final String benchmark = "codec.FrameCodecBenchmark." + name;
            jmh.primary(benchmark).ifPresent(row -> md.append(String.format("| %s | %.1f | %.1f | %s |%n", name,
                row.score(), row.error(), jmh.secondary(benchmark, ALLOC).map(r -> bytes(r.score())).orElse(""))));
        }
        md.append('\n');
    }

    // --------------------------------------------------------------------------------------------------- others

    private void others()
    {
        final var rest = jmh.unusedPrimaries();
        if (rest.isEmpty())
        {
            return;
        }
        md.append("## Other benchmarks in this run\n\n")
            .append("| Benchmark | score | ± | unit | B/op |\n|---|--:|--:|---|--:|\n");
        for (final JmhResults.Row row : rest)
        {
            final String alloc = jmh.secondary(row.benchmark(), ALLOC,
                row.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .map(r -> bytes(r.score())).orElse("");
            md.append(String.format("| %s | %s | %s | %s | %s |%n", row.label(), number(row.score()),
                number(row.error()), row.unit(), alloc));
        }
        md.append('\n');
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private OptionalDouble jmhRow(final String benchmark, final String label, final String... params)
    {
        final Optional<JmhResults.Row> row = jmh.primary(benchmark, params);
        final String alloc = jmh.secondary(benchmark, ALLOC, params).map(r -> bytes(r.score())).orElse("");
        row.ifPresent(r -> md.append(String.format("| %s | %s | %s | %s |%n", label, count(r.score()),
            count(r.error()), alloc)));
        return row.map(r -> OptionalDouble.of(r.score())).orElse(OptionalDouble.empty());
    }

    private OptionalDouble refRow(final String name, final String label)
    {
        final OptionalDouble rate = refs.value(name, "frames_per_s");
        if (rate.isPresent())
        {
            final var values = refs.values(name, "frames_per_s");
            final String spread = values.size() < 2 ? ""
                : " (" + String.join(" / ", values.stream().map(Report::count).toList()) + ")";
            md.append(String.format("| %s | %s%s | | |%n", label, count(rate.getAsDouble()), spread));
        }
        return rate;
    }

    private void throughputGoal(final String measure, final OptionalDouble panacan, final String referenceName,
        final OptionalDouble reference, final double minRatio)
    {
        ratioGoal(measure + " (frames/s)", panacan, referenceName, reference, minRatio, null);
    }

    /** A headline row of panacan / reference, checked against {@code minRatio} unless it is NaN. */
    private void ratioGoal(final String measure, final OptionalDouble panacan, final String referenceName,
        final OptionalDouble reference, final double minRatio, final String format)
    {
        if (panacan.isEmpty() || reference.isEmpty())
        {
            return;
        }
        final double ratio = panacan.getAsDouble() / reference.getAsDouble();
        headlineRow(measure, panacan.getAsDouble(), referenceName, reference.getAsDouble(), ratio,
            Double.isNaN(minRatio) ? "" : "≥ " + ratio(minRatio), Double.isNaN(minRatio) ? null : ratio >= minRatio,
            format);
    }

    private void headlineRow(final String measure, final double ours, final String referenceName,
        final double theirs, final double ratio, final String goal, final Boolean met, final String format)
    {
        final String oursText = format == null ? count(ours) : String.format(format, ours);
        final String theirsText = format == null ? count(theirs) : String.format(format, theirs);
        final boolean checked = met != null && !quick();
        if (checked)
        {
            goals++;
            goalsMet += met ? 1 : 0;
        }
        final String goalText = met != null && !checked ? goal + " (not checked: smoke run)" : goal;
        headline.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", measure, oursText, referenceName,
            Double.isNaN(ratio) ? "" : theirsText, Double.isNaN(ratio) ? "" : ratio(ratio), goalText,
            !checked ? "" : met ? "met" : "**short**"));
    }

    private void settingsSection(final StringBuilder out)
    {
        out.append("## How this was measured\n\n");
        for (final String key : settings.stringPropertyNames().stream().sorted().toList())
        {
            out.append("- **").append(key).append("**: ").append(settings.getProperty(key)).append('\n');
        }
        out.append("\nC references of a full run are measured right before and right after their JMH group and "
            + "averaged (both values in parentheses). Raw data: `raw/jmh-*.csv` and `raw/jmh.log` (JMH), "
            + "`raw/refs.txt` (C and python-can), "
            + "`raw/hgrm/` (percentile distributions), `raw/hlog/` and `raw/samples/` (round trips).\n");
    }

    private static String ratio(final double ratio)
    {
        return String.format("%.2f×", ratio);
    }

    private static String count(final double value)
    {
        if (Double.isNaN(value))
        {
            return "";
        }
        return String.format("%,.0f", value).replace(',', ' ');
    }

    private static String number(final double value)
    {
        return Double.isNaN(value) ? "" : Math.abs(value) >= 100 ? count(value) : String.format("%.3f", value);
    }

    private static String bytes(final double value)
    {
        return value < 0.01 ? "≈ 0" : String.format("%.2f", value);
    }

    private static String trim(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }
}
