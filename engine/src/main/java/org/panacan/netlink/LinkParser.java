package org.panacan.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_berr_counter;
import org.panacan.bindings.gen.can_bittiming;
import org.panacan.bindings.gen.can_bittiming_const;
import org.panacan.bindings.gen.can_ctrlmode;
import org.panacan.bindings.gen.can_device_stats;
import org.panacan.bindings.gen.ifinfomsg;
import org.panacan.bindings.gen.rtnl_link_stats64;

/**
 * Reads an {@code RTM_NEWLINK} message (the kernel's description of a link) into {@link LinkDetails}: the
 * {@code struct ifinfomsg}, the {@code IFLA_*} attributes, and for a CAN controller the {@code IFLA_CAN_*} ones
 * nested in {@code IFLA_LINKINFO / IFLA_INFO_DATA}, as {@code ip -details -statistics link show} prints them.
 */
final class LinkParser
{
    static final int ARPHRD_CAN = LinuxCan.ARPHRD_CAN();

    private static final int IFINFOMSG = NetlinkWriter.MESSAGE_HEADER_LENGTH;
    private static final int HEADERS = IFINFOMSG + NetlinkWriter.IFINFOMSG_LENGTH;
    private static final int STATISTICS_FIELDS = 8;
    /** Attribute payloads are 4-byte aligned only. */
    private static final ValueLayout.OfLong U64 = JAVA_LONG.withByteAlignment(4);

    private LinkParser()
    {
    }

    /** The {@code ARPHRD_*} device type of the link described at {@code offset}. */
    static int deviceType(final MemorySegment reply, final long offset)
    {
        return reply.get(JAVA_SHORT, offset + IFINFOMSG + ifinfomsg.ifi_type$offset()) & 0xFFFF;
    }

    /** Parses the {@code length}-byte {@code RTM_NEWLINK} message at {@code offset} of {@code reply}. */
    static LinkDetails parse(final MemorySegment reply, final long offset, final int length)
    {
        final int index = reply.get(JAVA_INT, offset + IFINFOMSG + ifinfomsg.ifi_index$offset());
        final int flags = reply.get(JAVA_INT, offset + IFINFOMSG + ifinfomsg.ifi_flags$offset());
        final Attributes link = Attributes.parse(reply, offset + HEADERS, length - HEADERS, LinuxCan.IFLA_MAX());
        final Attributes info = link.nested(LinuxCan.IFLA_LINKINFO(), LinuxCan.IFLA_INFO_MAX());
        final String kind = info.string(LinuxCan.IFLA_INFO_KIND());
        final String name = link.string(LinuxCan.IFLA_IFNAME());
        final int peer = link.u32(LinuxCan.IFLA_LINK(), 0);
        return new LinkDetails(
            name == null ? "" : name,
            index,
            kind == null ? "" : kind,
            (flags & LinuxCan.IFF_UP()) != 0,
            (flags & LinuxCan.IFF_RUNNING()) != 0,
            OperState.of(link.u8(LinuxCan.IFLA_OPERSTATE(), LinuxCan.IF_OPER_UNKNOWN())),
            link.u32(LinuxCan.IFLA_MTU(), 0),
            link.u32(LinuxCan.IFLA_TXQLEN(), 0),
            peer != 0 && peer != index ? OptionalInt.of(peer) : OptionalInt.empty(),
            Optional.ofNullable(statistics(link)),
            Optional.ofNullable(controller(kind, info)));
    }

    private static LinkStatistics statistics(final Attributes link)
    {
        final MemorySegment stats = link.payload(LinuxCan.IFLA_STATS64(), (long)STATISTICS_FIELDS * Long.BYTES);
        if (stats == null)
        {
            return null;
        }
        return new LinkStatistics(
            stats.get(U64, rtnl_link_stats64.rx_packets$offset()),
            stats.get(U64, rtnl_link_stats64.tx_packets$offset()),
            stats.get(U64, rtnl_link_stats64.rx_bytes$offset()),
            stats.get(U64, rtnl_link_stats64.tx_bytes$offset()),
            stats.get(U64, rtnl_link_stats64.rx_errors$offset()),
            stats.get(U64, rtnl_link_stats64.tx_errors$offset()),
            stats.get(U64, rtnl_link_stats64.rx_dropped$offset()),
            stats.get(U64, rtnl_link_stats64.tx_dropped$offset()));
    }

    /** The controller described in {@code IFLA_INFO_DATA}, or {@code null} for a link that is not one. */
    private static CanController controller(final String kind, final Attributes info)
    {
        final Attributes can = info.nested(LinuxCan.IFLA_INFO_DATA(), LinuxCan.IFLA_CAN_MAX());
        if (!"can".equals(kind) || !can.has(LinuxCan.IFLA_CAN_STATE()))
        {
            return null;
        }
        final MemorySegment mode = can.payload(LinuxCan.IFLA_CAN_CTRLMODE(), can_ctrlmode.layout().byteSize());
        final Attributes modeExt = can.nested(LinuxCan.IFLA_CAN_CTRLMODE_EXT(), LinuxCan.IFLA_CAN_CTRLMODE_MAX());
        return new CanController(
            ControllerState.of(can.u32(LinuxCan.IFLA_CAN_STATE(), LinuxCan.CAN_STATE_ERROR_ACTIVE())),
            bitTiming(can, LinuxCan.IFLA_CAN_BITTIMING()),
            bitTimingConst(can, LinuxCan.IFLA_CAN_BITTIMING_CONST()),
            bitTiming(can, LinuxCan.IFLA_CAN_DATA_BITTIMING()),
            bitTimingConst(can, LinuxCan.IFLA_CAN_DATA_BITTIMING_CONST()),
            can.u32(LinuxCan.IFLA_CAN_CLOCK(), 0),
            mode == null ? Set.of() : CtrlMode.of(can_ctrlmode.flags(mode)),
            CtrlMode.of(modeExt.u32(LinuxCan.IFLA_CAN_CTRLMODE_SUPPORTED(), 0)),
            can.u32(LinuxCan.IFLA_CAN_RESTART_MS(), 0),
            errorCounters(can),
            can.u32(LinuxCan.IFLA_CAN_BITRATE_MAX(), 0),
            can.u16(LinuxCan.IFLA_CAN_TERMINATION(), 0),
            deviceStatistics(info));
    }

    private static Optional<BitTiming> bitTiming(final Attributes can, final int type)
    {
        final MemorySegment bt = can.payload(type, can_bittiming.layout().byteSize());
        if (bt == null)
        {
            return Optional.empty();
        }
        return Optional.of(new BitTiming(can_bittiming.bitrate(bt), can_bittiming.sample_point(bt),
            can_bittiming.tq(bt), can_bittiming.prop_seg(bt), can_bittiming.phase_seg1(bt),
            can_bittiming.phase_seg2(bt), can_bittiming.sjw(bt), can_bittiming.brp(bt)));
    }

    private static Optional<BitTimingConst> bitTimingConst(final Attributes can, final int type)
    {
        final MemorySegment btc = can.payload(type, can_bittiming_const.layout().byteSize());
        if (btc == null)
        {
            return Optional.empty();
        }
        return Optional.of(new BitTimingConst(cString(can_bittiming_const.name(btc)),
            can_bittiming_const.tseg1_min(btc), can_bittiming_const.tseg1_max(btc),
            can_bittiming_const.tseg2_min(btc), can_bittiming_const.tseg2_max(btc),
            can_bittiming_const.sjw_max(btc), can_bittiming_const.brp_min(btc), can_bittiming_const.brp_max(btc),
            can_bittiming_const.brp_inc(btc)));
    }

    /** A fixed-size {@code char[]} up to its first NUL. */
    private static String cString(final MemorySegment chars)
    {
        int length = 0;
        while (length < chars.byteSize() && chars.get(JAVA_BYTE, length) != 0)
        {
            length++;
        }
        return new String(chars.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    private static Optional<ErrorCounters> errorCounters(final Attributes can)
    {
        final MemorySegment counters =
            can.payload(LinuxCan.IFLA_CAN_BERR_COUNTER(), can_berr_counter.layout().byteSize());
        return counters == null ? Optional.empty() : Optional.of(new ErrorCounters(
            can_berr_counter.txerr(counters) & 0xFFFF, can_berr_counter.rxerr(counters) & 0xFFFF));
    }

    private static Optional<DeviceStatistics> deviceStatistics(final Attributes info)
    {
        final MemorySegment stats =
            info.payload(LinuxCan.IFLA_INFO_XSTATS(), can_device_stats.layout().byteSize());
        return stats == null ? Optional.empty() : Optional.of(new DeviceStatistics(
            can_device_stats.bus_error(stats), can_device_stats.error_warning(stats),
            can_device_stats.error_passive(stats), can_device_stats.bus_off(stats),
            can_device_stats.arbitration_lost(stats), can_device_stats.restarts(stats)));
    }
}
