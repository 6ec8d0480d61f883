package org.panacan.isotp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_isotp_fc_options;
import org.panacan.bindings.gen.can_isotp_ll_options;
import org.panacan.bindings.gen.can_isotp_options;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;
import org.panacan.sys.Syscalls;
import org.panacan.testing.SocketCanTest;

/**
 * Every parameter reaches the kernel as the option it maps to: read back from a bound socket with getsockopt. The
 * times go in nanoseconds, converted once from their Durations.
 */
@SocketCanTest
class IsoTpSocketsTest
{
    private static final int SOL_CAN_ISOTP = LinuxCan.SOL_CAN_ISOTP();

    @Test
    void everyOptionIsSetOnTheSocket() throws Exception
    {
        final IsoTpAddress address = IsoTpAddress.asymmetric(IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11),
            IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11));
        final IsoTpParams params = IsoTpParams.builder().fd(32).bitRateSwitch(true).blockSize(7)
            .stmin(Duration.ofNanos(300_000)).wftmax(3).frameTxTime(Duration.ofNanos(123_456))
            .txStminOverride(Duration.ofNanos(700_000)).rxStminMinimum(Duration.ofNanos(200_000)).txPadding(0xAA)
            .rxPadding(0xBB).checkPaddingLength(true).checkPaddingData(true).listenMode(true).halfDuplex(true)
            .build();
        final int fd = IsoTpSockets.open(Syscalls.interfaceIndex("vcan0"), "vcan0", 0x600, 0x601, address, params);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment options = arena.allocate(can_isotp_options.layout());
            Syscalls.getsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_OPTS(), options, "CAN_ISOTP_OPTS");
            final int flags = can_isotp_options.flags(options);
            final int expected = LinuxCan.CAN_ISOTP_WAIT_TX_DONE() | LinuxCan.CAN_ISOTP_EXTEND_ADDR()
                | LinuxCan.CAN_ISOTP_RX_EXT_ADDR() | LinuxCan.CAN_ISOTP_LISTEN_MODE() | LinuxCan.CAN_ISOTP_TX_PADDING()
                | LinuxCan.CAN_ISOTP_RX_PADDING() | LinuxCan.CAN_ISOTP_CHK_PAD_LEN() | LinuxCan.CAN_ISOTP_CHK_PAD_DATA()
                | LinuxCan.CAN_ISOTP_HALF_DUPLEX() | LinuxCan.CAN_ISOTP_FORCE_TXSTMIN()
                | LinuxCan.CAN_ISOTP_FORCE_RXSTMIN();
            assertEquals(Integer.toHexString(expected), Integer.toHexString(flags));
            assertEquals(123_456, can_isotp_options.frame_txtime(options));
            assertEquals(0x22, can_isotp_options.ext_address(options) & 0xFF);
            assertEquals(0x11, can_isotp_options.rx_ext_address(options) & 0xFF);
            assertEquals(0xAA, can_isotp_options.txpad_content(options) & 0xFF);
            assertEquals(0xBB, can_isotp_options.rxpad_content(options) & 0xFF);

            final MemorySegment flowControl = arena.allocate(can_isotp_fc_options.layout());
            Syscalls.getsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_RECV_FC(), flowControl, "CAN_ISOTP_RECV_FC");
            assertEquals(7, can_isotp_fc_options.bs(flowControl));
            assertEquals(0xF3, can_isotp_fc_options.stmin(flowControl) & 0xFF);
            assertEquals(3, can_isotp_fc_options.wftmax(flowControl));

            final MemorySegment nanos = arena.allocate(ValueLayout.JAVA_INT);
            Syscalls.getsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_TX_STMIN(), nanos, "CAN_ISOTP_TX_STMIN");
            assertEquals(700_000, nanos.get(ValueLayout.JAVA_INT, 0), "nanoseconds");
            Syscalls.getsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_RX_STMIN(), nanos, "CAN_ISOTP_RX_STMIN");
            assertEquals(200_000, nanos.get(ValueLayout.JAVA_INT, 0), "nanoseconds");

            final MemorySegment linkLayer = arena.allocate(can_isotp_ll_options.layout());
            Syscalls.getsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_LL_OPTS(), linkLayer, "CAN_ISOTP_LL_OPTS");
            assertEquals(72, can_isotp_ll_options.mtu(linkLayer) & 0xFF);
            assertEquals(32, can_isotp_ll_options.tx_dl(linkLayer));
            assertEquals(LinuxCan.CANFD_BRS(), can_isotp_ll_options.tx_flags(linkLayer));
        }
        finally
        {
            Syscalls.close(fd);
        }
    }

    @Test
    void zeroFrameTxTimeIsSpelledFrameTxTimeZeroAndBroadcastFlagsAreSet() throws Exception
    {
        final IsoTpParams params = IsoTpParams.builder().frameTxTime(Duration.ZERO).cfBroadcast(true).build();
        final IsoTpAddress address = IsoTpAddress.normal11(0x700, 0x700);
        final int fd = IsoTpSockets.open(Syscalls.interfaceIndex("vcan0"), "vcan0", 0x700, 0x700, address, params);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment options = arena.allocate(can_isotp_options.layout());
            Syscalls.getsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_OPTS(), options, "CAN_ISOTP_OPTS");
            assertEquals(LinuxCan.CAN_ISOTP_FRAME_TXTIME_ZERO(), can_isotp_options.frame_txtime(options));
            assertTrue((can_isotp_options.flags(options) & LinuxCan.CAN_ISOTP_CF_BROADCAST()) != 0);
        }
        finally
        {
            Syscalls.close(fd);
        }
    }

    @Test
    void autoPicksTheKernelWhereItCanAndJavaWhereItCannot() throws Exception
    {
        final BusConfig bus = BusConfig.socketCan("vcan0").build();
        final IsoTpAddress address = IsoTpAddress.normal11(0x7E0, 0x7E8);
        try (IsoTpChannel kernel = IsoTpChannel.open(bus, address, IsoTpParams.defaults());
             IsoTpChannel java = IsoTpChannel.open(bus, address, IsoTpParams.builder()
                 .consecutiveFrameTimeout(Duration.ofSeconds(3)).build()))
        {
            assertEquals(IsoTpBackend.KERNEL, kernel.backend(), kernel.backendReason());
            assertEquals(IsoTpBackend.JAVA, java.backend());
            assertTrue(java.backendReason().contains("N_Cr"), java.backendReason());
        }
        if (!IsoTpSockets.kernelAtLeast(6, 8))
        {
            try (IsoTpChannel dynamic = IsoTpChannel.open(bus, address,
                IsoTpParams.builder().dynamicFlowControl(true).build()))
            {
                assertEquals(IsoTpBackend.JAVA, dynamic.backend(), "Linux " + System.getProperty("os.version"));
            }
        }
    }
}
