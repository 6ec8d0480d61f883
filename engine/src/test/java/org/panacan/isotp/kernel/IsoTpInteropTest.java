package org.panacan.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.panacan.isotp.kernel.KernelPeers.ECU;
import static org.panacan.isotp.kernel.KernelPeers.TESTER;
import static org.panacan.isotp.kernel.KernelPeers.WAIT;
import static org.panacan.isotp.kernel.KernelPeers.open;
import static org.panacan.isotp.kernel.KernelPeers.payload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.TargetAddressType;
import org.panacan.testing.SocketCanTest;

/**
 * Interoperability in the real kernel: the pure-Java sender to a kernel receiver and the kernel sender to a
 * pure-Java receiver, over the matrix of payloads, block sizes and separation times, CAN FD beyond 4095
 * bytes, and every addressing format.
 */
@SocketCanTest
class IsoTpInteropTest
{
    private static final IsoTpBackend[][] DIRECTIONS = {
        {IsoTpBackend.JAVA, IsoTpBackend.KERNEL},
        {IsoTpBackend.KERNEL, IsoTpBackend.JAVA},
    };

    @BeforeAll
    static void warmUp() throws Exception
    {
        KernelPeers.warmUp();
    }

    private static void transfer(final IsoTpAddress senderAddress, final IsoTpAddress receiverAddress,
        final IsoTpParams senderParams, final IsoTpParams receiverParams, final TargetAddressType type,
        final int... lengths) throws Exception
    {
        for (final IsoTpBackend[] direction : DIRECTIONS)
        {
            try (IsoTpChannel sender = open(senderAddress, senderParams, direction[0]);
                 IsoTpChannel receiver = open(receiverAddress, receiverParams, direction[1]))
            {
                for (final int length : lengths)
                {
                    final byte[] data = payload(length);
                    sender.send(data, type, WAIT);
                    assertArrayEquals(data, receiver.recv(WAIT),
                        direction[0] + " -> " + direction[1] + ", " + length + " bytes, " + receiverParams);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 7, 8, 62, 63, 64, 4095})
    void payloadsCrossBetweenJavaAndKernelBothWays(final int length) throws Exception
    {
        final IsoTpParams params = IsoTpParams.defaults();
        transfer(TESTER, ECU, params, params, TargetAddressType.PHYSICAL, length);
    }

    static Stream<Arguments> flowControlMatrix()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final int blockSize : new int[] {0, 1, 8})
        {
            for (final Duration stmin : new Duration[] {Duration.ZERO, Duration.ofMillis(5), Duration.ofNanos(500_000)})
            {
                // 5 ms and 500 us on 100 bytes (14 CFs); STmin 0 on the longest classic PDU (585 CFs)
                cases.add(Arguments.of(blockSize, stmin, stmin.isZero() ? 4095 : 100));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "BS {0}, STmin {1}, {2} bytes")
    @MethodSource("flowControlMatrix")
    void blockSizeAndStminOfEitherReceiverAreHonouredByEitherSender(final int blockSize, final Duration stmin,
        final int length) throws Exception
    {
        final IsoTpParams receiver = IsoTpParams.builder().blockSize(blockSize).stmin(stmin).build();
        transfer(TESTER, ECU, IsoTpParams.defaults(), receiver, TargetAddressType.PHYSICAL, length);
    }

    @Test
    void canFdPdusUpToTheMaximumCrossBothWays() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().fd(64).bitRateSwitch(true).blockSize(16).build();
        transfer(TESTER, ECU, params, params, TargetAddressType.PHYSICAL, 7, 8, 62, 63, 64, 4095, 4096, 5000,
            IsoTpParams.DEFAULT_MAX_PDU_LENGTH);
    }

    @Test
    void canFdWithSmallerTxDlAndPaddingCrossesBothWays() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().fd(16).txPadding(0xAA).rxPadding(0xAA)
            .checkPaddingLength(true).checkPaddingData(true).build();
        transfer(TESTER, ECU, params, params, TargetAddressType.PHYSICAL, 1, 8, 14, 15, 300);
    }

    @Test
    void paddedClassicFramesWithPaddingChecksCrossBothWays() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().txPadding().rxPadding(0xCC).checkPaddingLength(true)
            .checkPaddingData(true).blockSize(4).build();
        transfer(TESTER, ECU, params, params, TargetAddressType.PHYSICAL, 1, 7, 8, 100);
    }

    @Test
    void everyAddressingFormatCrossesBothWays() throws Exception
    {
        final IsoTpAddress[][] pairs = {
            {IsoTpAddress.normal29(0x18DA_F110, 0x18DA_10F1), IsoTpAddress.normal29(0x18DA_10F1, 0x18DA_F110)},
            {IsoTpAddress.normalFixed29(0xF1, 0x10), IsoTpAddress.normalFixed29(0x10, 0xF1)},
            {IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11), IsoTpAddress.extended11(0x601, 0x600, 0x11, 0x22)},
            {IsoTpAddress.extended29(0x1000, 0x1001, 0x22, 0x11), IsoTpAddress.extended29(0x1001, 0x1000, 0x11, 0x22)},
            {IsoTpAddress.mixed11(0x610, 0x611, 0x5A), IsoTpAddress.mixed11(0x611, 0x610, 0x5A)},
            {IsoTpAddress.mixed29(0xF1, 0x10, 0x5A), IsoTpAddress.mixed29(0x10, 0xF1, 0x5A)},
        };
        for (final IsoTpAddress[] pair : pairs)
        {
            transfer(pair[0], pair[1], IsoTpParams.defaults(), IsoTpParams.defaults(), TargetAddressType.PHYSICAL,
                6, 200);
        }
    }

    @Test
    void functionalSingleFramesCrossBothWays() throws Exception
    {
        transfer(IsoTpAddress.normalFixed29(0xF1, 0x33), IsoTpAddress.normalFixed29(0x33, 0xF1),
            IsoTpParams.defaults(), IsoTpParams.defaults(), TargetAddressType.FUNCTIONAL, 1, 7);
        transfer(IsoTpAddress.mixed29(0xF1, 0x33, 0x01), IsoTpAddress.mixed29(0x33, 0xF1, 0x01),
            IsoTpParams.defaults(), IsoTpParams.defaults(), TargetAddressType.FUNCTIONAL, 6);
        transfer(TESTER, ECU, IsoTpParams.defaults(), IsoTpParams.defaults(), TargetAddressType.FUNCTIONAL, 7);
    }
}
