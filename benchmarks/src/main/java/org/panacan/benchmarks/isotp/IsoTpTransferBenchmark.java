package org.panacan.benchmarks.isotp;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panacan.CanException;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.TargetAddressType;

/**
 * 4095-byte ISO-TP transfers per second on the benchmark interface, kernel ({@code CAN_ISOTP} on both ends) versus
 * pure Java (both ends): one operation sends a PDU of 4095 bytes (a first frame, 585 consecutive frames, one flow
 * control; STmin 0, block size 0, N_As 0) and receives it complete on the other channel. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the allocation of a whole transfer over all threads (the pure-Java backend's
 * protocol threads included); divide by 587 frames for the allocation per frame.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class IsoTpTransferBenchmark
{
    /** Frames on the wire per transfer: FF + 585 CF + FC. */
    public static final int FRAMES_PER_TRANSFER = 587;

    @Param({"KERNEL", "JAVA"})
    public IsoTpBackend backend;

    /** The receiving end's backend: SAME as {@link #backend}, or KERNEL / JAVA for a mixed pair (diagnosis). */
    @Param({"SAME"})
    public String receiverBackend;

    private IsoTpChannel sender;
    private IsoTpChannel receiver;
    private final byte[] pdu = new byte[4095];
    private final byte[] received = new byte[4095];

    @Setup
    public void open() throws CanException
    {
        new Random(4095).nextBytes(pdu);
        sender = IsoTpChannels.open(IsoTpChannels.TESTER, backend);
        receiver = IsoTpChannels.open(IsoTpChannels.ECU,
            "SAME".equals(receiverBackend) ? backend : IsoTpBackend.valueOf(receiverBackend));
    }

    @TearDown
    public void close()
    {
        sender.close();
        receiver.close();
    }

    @Benchmark
    public int transfer4095() throws CanException
    {
        sender.send(pdu, 0, pdu.length, TargetAddressType.PHYSICAL, IsoTpChannels.TIMEOUT);
        final int length = receiver.recv(received, 0, IsoTpChannels.TIMEOUT);
        if (length != pdu.length)
        {
            throw new IllegalStateException("received " + length + " bytes");
        }
        return length;
    }
}
