package org.panacan.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.ifinfomsg;

/**
 * Reads link descriptions laid out as the kernel's {@code rtnl_fill_ifinfo} and {@code can_fill_info} write them
 * (attribute order, NUL-terminated kind, nested {@code IFLA_LINKINFO / IFLA_INFO_DATA}, {@code IFLA_INFO_XSTATS}).
 */
class LinkParserTest
{
    private static final int CAN0 = 7;

    private final Arena arena = Arena.ofConfined();
    private final NetlinkWriter message = new NetlinkWriter(arena.allocate(2048, 8));

    @AfterEach
    void free()
    {
        arena.close();
    }

    @Test
    void aControllerReportsStateTimingModesCountersAndStatistics()
    {
        final LinkDetails can0 = parse(describeController(LinuxCan.CAN_STATE_BUS_OFF()));

        assertEquals("can0", can0.name());
        assertEquals(CAN0, can0.index());
        assertEquals("can", can0.kind());
        assertTrue(can0.up());
        assertFalse(can0.running());
        assertEquals(OperState.DOWN, can0.operState());
        assertEquals(72, can0.mtu());
        assertTrue(can0.isFd());
        assertEquals(10, can0.txQueueLength());
        assertEquals(OptionalInt.empty(), can0.peerIndex());
        assertEquals(Optional.of(new LinkStatistics(1, 2, 3, 4, 5, 6, 7, 8)), can0.statistics());

        final CanController controller = can0.controller().orElseThrow();
        assertEquals(ControllerState.BUS_OFF, controller.state());
        assertEquals(new BitTiming(500_000, 875, 125, 6, 7, 2, 1, 5), controller.bitTiming().orElseThrow());
        assertEquals(500_000, controller.bitrate());
        assertEquals(0.875, controller.bitTiming().orElseThrow().samplePointRatio());
        assertEquals(new BitTimingConst("mcp251xfd", 2, 256, 1, 128, 128, 1, 256, 1),
            controller.bitTimingConst().orElseThrow());
        assertEquals(2_000_000, controller.dataBitrate());
        assertEquals(40_000_000, controller.clockFrequency());
        assertEquals(EnumSet.of(CtrlMode.FD, CtrlMode.BERR_REPORTING), controller.modes());
        assertTrue(controller.has(CtrlMode.FD));
        assertEquals(EnumSet.of(CtrlMode.FD, CtrlMode.BERR_REPORTING, CtrlMode.LISTEN_ONLY, CtrlMode.LOOPBACK),
            controller.supportedModes());
        assertEquals(100, controller.restartMs());
        assertEquals(Optional.of(new ErrorCounters(256, 12)), controller.errorCounters());
        assertEquals(120, controller.termination());
        assertEquals(Optional.of(new DeviceStatistics(11, 12, 13, 14, 15, 16)), controller.statistics());
    }

    @Test
    void aVcanHasNoController()
    {
        message.begin(LinuxCan.RTM_NEWLINK(), 0);
        ifinfomsg(3, LinuxCan.IFF_UP() | LinuxCan.IFF_RUNNING());
        message.string(LinuxCan.IFLA_IFNAME(), "vcan0");
        message.u32(LinuxCan.IFLA_MTU(), 16);
        message.u8(LinuxCan.IFLA_OPERSTATE(), LinuxCan.IF_OPER_UNKNOWN());
        final int linkInfo = message.beginNested(LinuxCan.IFLA_LINKINFO());
        message.string(LinuxCan.IFLA_INFO_KIND(), "vcan");
        message.endNested(linkInfo);

        final LinkDetails vcan0 = parse(message.finish(0));

        assertEquals("vcan", vcan0.kind());
        assertTrue(vcan0.up());
        assertTrue(vcan0.running());
        assertEquals(OperState.UNKNOWN, vcan0.operState());
        assertFalse(vcan0.isFd());
        assertEquals(Optional.empty(), vcan0.controller());
        assertEquals(Optional.empty(), vcan0.statistics());
    }

    @Test
    void aVxcanEndNamesItsPeer()
    {
        message.begin(LinuxCan.RTM_NEWLINK(), 0);
        ifinfomsg(4, 0);
        message.string(LinuxCan.IFLA_IFNAME(), "vx0");
        message.u32(LinuxCan.IFLA_LINK(), 5);

        assertEquals(OptionalInt.of(5), parse(message.finish(0)).peerIndex());
    }

    @Test
    void aTruncatedAttributeEndsTheWalkWithoutReadingPastTheMessage()
    {
        message.begin(LinuxCan.RTM_NEWLINK(), 0);
        ifinfomsg(4, 0);
        message.string(LinuxCan.IFLA_IFNAME(), "vcan9");
        message.u32(LinuxCan.IFLA_MTU(), 72);
        final int length = message.finish(0);
        message.buffer().set(JAVA_SHORT, length - 8, (short)200); // IFLA_MTU claims 200 bytes

        final LinkDetails link = parse(length);

        assertEquals("vcan9", link.name());
        assertEquals(0, link.mtu());
    }

    @Test
    void theDeviceTypeTellsCanLinksApart()
    {
        message.begin(LinuxCan.RTM_NEWLINK(), 0);
        ifinfomsg(1, 0);
        message.finish(0);

        assertEquals(LinuxCan.ARPHRD_CAN(), LinkParser.deviceType(message.buffer(), 0));
    }

    private int describeController(final int state)
    {
        message.begin(LinuxCan.RTM_NEWLINK(), 0);
        ifinfomsg(CAN0, LinuxCan.IFF_UP());
        message.string(LinuxCan.IFLA_IFNAME(), "can0");
        message.u32(LinuxCan.IFLA_TXQLEN(), 10);
        message.u8(LinuxCan.IFLA_OPERSTATE(), LinuxCan.IF_OPER_DOWN());
        message.u32(LinuxCan.IFLA_MTU(), 72);
        final long stats = message.struct(LinuxCan.IFLA_STATS64(), 200);
        for (int i = 0; i < 8; i++)
        {
            message.buffer().set(JAVA_LONG.withByteAlignment(4), stats + i * 8L, i + 1);
        }
        final int linkInfo = message.beginNested(LinuxCan.IFLA_LINKINFO());
        message.string(LinuxCan.IFLA_INFO_KIND(), "can");
        final int data = message.beginNested(LinuxCan.IFLA_INFO_DATA());
        ints(message.struct(LinuxCan.IFLA_CAN_BITTIMING(), 32), 500_000, 875, 125, 6, 7, 2, 1, 5);
        final long constants = message.struct(LinuxCan.IFLA_CAN_BITTIMING_CONST(), 48);
        MemorySegment.copy("mcp251xfd".getBytes(), 0, message.buffer(), JAVA_BYTE, constants, 9);
        ints(constants + 16, 2, 256, 1, 128, 128, 1, 256, 1);
        message.u32(LinuxCan.IFLA_CAN_CLOCK(), 40_000_000);
        message.u32(LinuxCan.IFLA_CAN_STATE(), state);
        ints(message.struct(LinuxCan.IFLA_CAN_CTRLMODE(), 8), 0,
            LinuxCan.CAN_CTRLMODE_FD() | LinuxCan.CAN_CTRLMODE_BERR_REPORTING());
        message.u32(LinuxCan.IFLA_CAN_RESTART_MS(), 100);
        final long counters = message.struct(LinuxCan.IFLA_CAN_BERR_COUNTER(), 4);
        message.buffer().set(JAVA_SHORT, counters, (short)256);
        message.buffer().set(JAVA_SHORT, counters + 2, (short)12);
        ints(message.struct(LinuxCan.IFLA_CAN_DATA_BITTIMING(), 32), 2_000_000, 750, 25, 7, 7, 5, 5, 1);
        message.u16(LinuxCan.IFLA_CAN_TERMINATION(), 120);
        final int modeExt = message.beginNested(LinuxCan.IFLA_CAN_CTRLMODE_EXT());
        message.u32(LinuxCan.IFLA_CAN_CTRLMODE_SUPPORTED(), LinuxCan.CAN_CTRLMODE_FD()
            | LinuxCan.CAN_CTRLMODE_BERR_REPORTING() | LinuxCan.CAN_CTRLMODE_LISTENONLY()
            | LinuxCan.CAN_CTRLMODE_LOOPBACK());
        message.endNested(modeExt);
        message.endNested(data);
        ints(message.struct(LinuxCan.IFLA_INFO_XSTATS(), 24), 11, 12, 13, 14, 15, 16);
        message.endNested(linkInfo);
        return message.finish(0);
    }

    private void ifinfomsg(final int index, final int flags)
    {
        message.ifinfomsg(index, flags, 0);
        message.buffer().set(JAVA_SHORT, NetlinkWriter.MESSAGE_HEADER_LENGTH + ifinfomsg.ifi_type$offset(),
            (short)LinuxCan.ARPHRD_CAN());
    }

    private void ints(final long offset, final int... values)
    {
        for (int i = 0; i < values.length; i++)
        {
            message.buffer().set(JAVA_INT, offset + i * 4L, values[i]);
        }
    }

    private LinkDetails parse(final int length)
    {
        return LinkParser.parse(message.buffer(), 0, length);
    }
}
