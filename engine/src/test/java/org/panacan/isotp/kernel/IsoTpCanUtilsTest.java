package org.panacan.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.panacan.isotp.kernel.KernelPeers.WAIT;
import static org.panacan.isotp.kernel.KernelPeers.payload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;
import org.panacan.testing.KernelReceivers;
import org.panacan.testing.SocketCanTest;

/**
 * Both backends against can-utils' isotpsend and isotprecv, the kernel's own command line peers: payload sizes
 * across every frame-type boundary, block size and STmin (including a 0xF5 = 500 µs STmin), padding, extended
 * addressing and CAN FD above 4095 bytes.
 */
@SocketCanTest
class IsoTpCanUtilsTest
{
    private static final int[] LENGTHS = {1, 7, 8, 62, 63, 64, 4095};

    @BeforeAll
    static void warmUp() throws Exception
    {
        KernelPeers.warmUp();
    }

    private static String hex(final byte[] data)
    {
        final StringBuilder text = new StringBuilder();
        for (final byte b : data)
        {
            text.append(String.format("%02X ", b & 0xFF));
        }
        return text.toString().trim();
    }

    private static byte[] parse(final String text)
    {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    /** Runs isotpsend with {@code options}, feeding {@code data} on stdin; waits for it to exit. */
    private static void isotpsend(final List<String> options, final byte[] data) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("isotpsend"));
        command.addAll(options);
        command.add(KernelPeers.VCAN);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(hex(data).getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "isotpsend exited");
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }

    /** Starts isotprecv with {@code options} and waits until it listens on {@code rxId}. */
    private static Process isotprecv(final List<String> options, final int rxId) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("isotprecv"));
        command.addAll(options);
        command.add(KernelPeers.VCAN);
        final int before = KernelReceivers.count(KernelPeers.VCAN, rxId);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (KernelReceivers.count(KernelPeers.VCAN, rxId) <= before && System.nanoTime() < deadline
            && process.isAlive())
        {
            Thread.sleep(10);
        }
        assertTrue(KernelReceivers.count(KernelPeers.VCAN, rxId) > before,
            "isotprecv bound to " + Integer.toHexString(rxId));
        return process;
    }

    private static byte[] output(final Process process) throws Exception
    {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "isotprecv exited after one PDU");
        return parse(new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }

    private static IsoTpChannel channel(final IsoTpBackend backend, final IsoTpAddress address,
        final IsoTpParams.Builder params) throws Exception
    {
        return KernelPeers.open(address, params.build(), backend);
    }

    @ParameterizedTest
    @EnumSource(names = {"KERNEL", "JAVA"})
    void isotpsendReachesTheChannel(final IsoTpBackend backend) throws Exception
    {
        try (IsoTpChannel channel = channel(backend, KernelPeers.ECU, IsoTpParams.builder()))
        {
            for (final int length : LENGTHS)
            {
                final byte[] data = payload(length);
                isotpsend(List.of("-s", "7E0", "-d", "7E8"), data);
                assertArrayEquals(data, channel.recv(WAIT), length + " bytes from isotpsend");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"KERNEL", "JAVA"})
    void channelReachesIsotprecv(final IsoTpBackend backend) throws Exception
    {
        for (final int length : LENGTHS)
        {
            final Process receiver = isotprecv(List.of("-s", "7E8", "-d", "7E0"), 0x7E0);
            try (IsoTpChannel channel = channel(backend, KernelPeers.TESTER, IsoTpParams.builder()))
            {
                final byte[] data = payload(length);
                channel.send(data);
                assertArrayEquals(data, output(receiver), length + " bytes to isotprecv");
            }
            finally
            {
                receiver.destroyForcibly().waitFor();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"KERNEL", "JAVA"})
    void isotprecvBlockSizeAndStminAreHonoured(final IsoTpBackend backend) throws Exception
    {
        final String[][] flowControl = {{"1", "00"}, {"8", "05"}, {"0", "F5"}, {"8", "F5"}};
        for (final String[] fc : flowControl)
        {
            final Process receiver = isotprecv(List.of("-s", "7E8", "-d", "7E0", "-b", fc[0], "-m", fc[1]), 0x7E0);
            try (IsoTpChannel channel = channel(backend, KernelPeers.TESTER, IsoTpParams.builder()))
            {
                final byte[] data = payload(150);
                channel.send(data);
                assertArrayEquals(data, output(receiver), "BS " + fc[0] + ", STmin 0x" + fc[1]);
            }
            finally
            {
                receiver.destroyForcibly().waitFor();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"KERNEL", "JAVA"})
    void paddingAndExtendedAddressingMatchCanUtils(final IsoTpBackend backend) throws Exception
    {
        final IsoTpAddress ecu = IsoTpAddress.extended11(0x7E8, 0x7E0, 0x22, 0x11);
        final IsoTpParams.Builder params = IsoTpParams.builder().txPadding(0xAA).rxPadding(0xBB)
            .checkPaddingLength(true).checkPaddingData(true);
        try (IsoTpChannel channel = channel(backend, ecu, params))
        {
            for (final int length : new int[] {1, 6, 7, 100})
            {
                final byte[] data = payload(length);
                isotpsend(List.of("-s", "7E0", "-d", "7E8", "-x", "11:22", "-p", "BB:AA", "-P", "a"), data);
                assertArrayEquals(data, channel.recv(WAIT), length + " bytes, padded, extended");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"KERNEL", "JAVA"})
    void canFdBeyond4095BytesMatchesCanUtils(final IsoTpBackend backend) throws Exception
    {
        final IsoTpParams.Builder params = IsoTpParams.builder().fd(64).bitRateSwitch(true);
        try (IsoTpChannel channel = channel(backend, KernelPeers.ECU, params))
        {
            for (final int length : new int[] {8, 62, 63, 4095, 5000})
            {
                final byte[] data = payload(length);
                isotpsend(List.of("-s", "7E0", "-d", "7E8", "-L", "72:64:1"), data);
                assertArrayEquals(data, channel.recv(WAIT), length + " bytes over CAN FD from isotpsend");
            }
        }
        // can-utils 2020.11's isotprecv prints PDUs shorter than its 5000-byte buffer only
        for (final int length : new int[] {8, 4500})
        {
            final Process receiver = isotprecv(List.of("-s", "7E8", "-d", "7E0", "-L", "72:64:1"), 0x7E0);
            try (IsoTpChannel channel = channel(backend, KernelPeers.TESTER, params))
            {
                final byte[] data = payload(length);
                channel.send(data);
                assertArrayEquals(data, output(receiver), length + " bytes over CAN FD to isotprecv");
            }
            finally
            {
                receiver.destroyForcibly().waitFor();
            }
        }
    }
}
