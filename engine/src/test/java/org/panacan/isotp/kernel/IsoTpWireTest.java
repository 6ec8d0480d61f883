package org.panacan.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panacan.isotp.kernel.KernelPeers.ECU;
import static org.panacan.isotp.kernel.KernelPeers.TESTER;
import static org.panacan.isotp.kernel.KernelPeers.WAIT;
import static org.panacan.isotp.kernel.KernelPeers.open;
import static org.panacan.isotp.kernel.KernelPeers.payload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;
import org.panacan.testing.SocketCanTest;

/**
 * The wire, captured with a raw socket: the pure-Java backend puts exactly the kernel's frames on it, as sender
 * (single, first and consecutive frames: PCI bytes, lengths, padding, CAN FD flags) and as receiver (flow control),
 * and keeps the same separation between consecutive frames.
 */
@SocketCanTest
class IsoTpWireTest
{
    private static final int WIRE_FLAGS = FrameFlags.EXTENDED | FrameFlags.FD | FrameFlags.BRS;
    private static final Duration QUIET = Duration.ofMillis(200);

    @BeforeAll
    static void warmUp() throws Exception
    {
        KernelPeers.warmUp();
    }

    /** A received frame with timestamp, as the wire showed it. */
    private record WireFrame(String text, long timestamp)
    {
    }

    private static List<WireFrame> capture(final IsoTpBackend senderBackend, final IsoTpBackend receiverBackend,
        final IsoTpAddress senderAddress, final IsoTpAddress receiverAddress, final IsoTpParams params,
        final int length) throws Exception
    {
        try (CanBus wire = CanBus.open(BusConfig.socketCan(KernelPeers.VCAN).fd(true).ringCapacity(1 << 14)
                .receiveBufferSize(8 << 20).build());
             IsoTpChannel sender = open(senderAddress, params, senderBackend);
             IsoTpChannel receiver = open(receiverAddress, params, receiverBackend))
        {
            wire.start();
            final byte[] data = payload(length);
            sender.send(data);
            assertArrayEquals(data, receiver.recv(WAIT));
            final List<WireFrame> frames = new ArrayList<>();
            // The transfer put at least one frame on the wire: wait for it as long as for the payload (the capture
            // loop may still be starting in a slow VM), then until the wire stays quiet.
            CanFrame frame = wire.recv(WAIT);
            for (; frame != null; frame = wire.recv(QUIET))
            {
                frames.add(new WireFrame(String.format("%X %s %s", frame.id(),
                    FrameFlags.toString(frame.flags() & WIRE_FLAGS),
                    HexFormat.of().withUpperCase().formatHex(frame.dataCopy())), frame.timestampNanos()));
            }
            return frames;
        }
    }

    private static List<String> texts(final List<WireFrame> frames)
    {
        return frames.stream().map(WireFrame::text).toList();
    }

    /** Kernel to kernel is the reference; the Java sender and the Java receiver must each reproduce it. */
    private static void assertSameWire(final IsoTpAddress senderAddress, final IsoTpAddress receiverAddress,
        final IsoTpParams params, final int... lengths) throws Exception
    {
        for (final int length : lengths)
        {
            final List<String> reference = texts(capture(IsoTpBackend.KERNEL, IsoTpBackend.KERNEL, senderAddress,
                receiverAddress, params, length));
            final List<String> javaSender = texts(capture(IsoTpBackend.JAVA, IsoTpBackend.KERNEL, senderAddress,
                receiverAddress, params, length));
            final List<String> javaReceiver = texts(capture(IsoTpBackend.KERNEL, IsoTpBackend.JAVA, senderAddress,
                receiverAddress, params, length));
            assertTrue(reference.size() >= 1, "frames captured");
            assertEquals(reference, javaSender, length + " bytes, Java sender vs kernel, " + params);
            assertEquals(reference, javaReceiver, length + " bytes, Java receiver vs kernel, " + params);
        }
    }

    @Test
    void classicFramesWithoutPaddingAreIdentical() throws Exception
    {
        assertSameWire(TESTER, ECU, IsoTpParams.defaults(), 1, 7, 8, 62, 63, 64, 4095);
    }

    @Test
    void paddedFramesAndFlowControlWithBlockSizeAndStminAreIdentical() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().txPadding().blockSize(8)
            .stmin(Duration.ofNanos(100_000)).build();
        assertSameWire(TESTER, ECU, params, 1, 7, 8, 100);
        assertSameWire(IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11),
            IsoTpAddress.extended11(0x601, 0x600, 0x11, 0x22), IsoTpParams.builder().txPadding(0x55).build(), 6,
            7, 40);
    }

    @Test
    void canFdFramesIncludingTheEscapesAreIdentical() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().fd(64).bitRateSwitch(true).blockSize(8).build();
        assertSameWire(TESTER, ECU, params, 7, 8, 9, 62, 63, 64, 100, 4095, 4096, 5000);
    }

    @Test
    void canFdWithSmallerTxDlPaddingAndMixedAddressingIsIdentical() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().fd(20).txPadding(0xAA).build();
        assertSameWire(IsoTpAddress.mixed29(0xF1, 0x10, 0x77), IsoTpAddress.mixed29(0x10, 0xF1, 0x77), params,
            1, 6, 7, 17, 18, 200);
        assertSameWire(TESTER, ECU, IsoTpParams.builder().fd(12).build(), 9, 10, 11, 50);
    }

    @Test
    void bothSendersKeepTheReceiversSeparationTime() throws Exception
    {
        for (final Duration stmin : new Duration[] {Duration.ofMillis(5), Duration.ofNanos(500_000)})
        {
            final IsoTpParams params = IsoTpParams.builder().stmin(stmin).build();
            for (final IsoTpBackend sender : IsoTpBackend.values())
            {
                if (sender == IsoTpBackend.AUTO)
                {
                    continue;
                }
                final List<WireFrame> frames = capture(sender, IsoTpBackend.KERNEL, TESTER, ECU, params, 100);
                long previous = 0;
                int consecutive = 0;
                for (final WireFrame frame : frames)
                {
                    if (frame.text().startsWith("7E0 0 2"))
                    {
                        if (previous != 0)
                        {
                            final long gap = frame.timestamp() - previous;
                            assertTrue(gap >= stmin.toNanos() - 20_000, sender + ": " + gap / 1000
                                + " us between consecutive frames, STmin " + stmin);
                        }
                        previous = frame.timestamp();
                        consecutive++;
                    }
                }
                assertEquals(14, consecutive, sender + " sent every consecutive frame: " + texts(frames));
            }
        }
    }
}
