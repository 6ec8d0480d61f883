package org.panacan.netlink;

import java.lang.foreign.MemorySegment;

import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_bittiming;
import org.panacan.bindings.gen.can_ctrlmode;

/**
 * The rtnetlink requests behind {@code ip link}, written into a {@link NetlinkWriter} with iproute2's layout (see
 * {@code LinkRequestsTest}, which compares them with captures of {@code ip} 6.1). Modifications name the link by
 * index, as {@code ip} does; {@link #get} names it by {@code IFLA_IFNAME}, so that the kernel resolves it.
 */
final class LinkRequests
{
    static final int RTM_NEWLINK = LinuxCan.RTM_NEWLINK();
    static final int RTM_DELLINK = LinuxCan.RTM_DELLINK();
    static final int RTM_GETLINK = LinuxCan.RTM_GETLINK();

    private static final int REQUEST_ACK = LinuxCan.NLM_F_REQUEST() | LinuxCan.NLM_F_ACK();
    private static final int CREATE = REQUEST_ACK | LinuxCan.NLM_F_CREATE() | LinuxCan.NLM_F_EXCL();
    private static final int DUMP = LinuxCan.NLM_F_REQUEST() | LinuxCan.NLM_F_DUMP();
    private static final int IFF_UP = LinuxCan.IFF_UP();
    private static final long BITTIMING_SIZE = can_bittiming.layout().byteSize();
    private static final long CTRLMODE_SIZE = can_ctrlmode.layout().byteSize();

    private LinkRequests()
    {
    }

    /** {@code ip link set dev <index> up|down}. */
    static void setUp(final NetlinkWriter request, final int index, final boolean up)
    {
        request.begin(RTM_NEWLINK, REQUEST_ACK).ifinfomsg(index, up ? IFF_UP : 0, IFF_UP);
    }

    /** {@code ip link set dev <index> mtu <mtu>}. */
    static void setMtu(final NetlinkWriter request, final int index, final int mtu)
    {
        request.begin(RTM_NEWLINK, REQUEST_ACK).ifinfomsg(index, 0, 0).u32(LinuxCan.IFLA_MTU(), mtu);
    }

    /** {@code ip link set dev <index> type can ...}: only what {@code settings} holds. */
    static void configure(final NetlinkWriter request, final int index, final ControllerSettings settings)
    {
        request.begin(RTM_NEWLINK, REQUEST_ACK).ifinfomsg(index, 0, 0);
        final int linkInfo = request.beginNested(LinuxCan.IFLA_LINKINFO());
        request.unterminated(LinuxCan.IFLA_INFO_KIND(), "can");
        final int data = request.beginNested(LinuxCan.IFLA_INFO_DATA());
        // iproute2's order: the options it adds while parsing, then bit timing, data bit timing, ctrlmode
        settings.restartMs().ifPresent(restartMs -> request.u32(LinuxCan.IFLA_CAN_RESTART_MS(), restartMs));
        settings.termination().ifPresent(ohms -> request.u16(LinuxCan.IFLA_CAN_TERMINATION(), ohms));
        settings.bitTiming().ifPresent(timing -> bitTiming(request, LinuxCan.IFLA_CAN_BITTIMING(), timing));
        settings.dataBitTiming().ifPresent(timing -> bitTiming(request, LinuxCan.IFLA_CAN_DATA_BITTIMING(), timing));
        if (!settings.modes().isEmpty())
        {
            final MemorySegment mode = payload(request, LinuxCan.IFLA_CAN_CTRLMODE(), CTRLMODE_SIZE);
            can_ctrlmode.mask(mode, settings.modeMask());
            can_ctrlmode.flags(mode, settings.modeFlags());
        }
        request.endNested(data).endNested(linkInfo);
    }

    /** {@code ip link set dev <index> type can restart}: leave bus-off now. */
    static void restart(final NetlinkWriter request, final int index)
    {
        request.begin(RTM_NEWLINK, REQUEST_ACK).ifinfomsg(index, 0, 0);
        final int linkInfo = request.beginNested(LinuxCan.IFLA_LINKINFO());
        request.unterminated(LinuxCan.IFLA_INFO_KIND(), "can");
        final int data = request.beginNested(LinuxCan.IFLA_INFO_DATA());
        request.u32(LinuxCan.IFLA_CAN_RESTART(), 1);
        request.endNested(data).endNested(linkInfo);
    }

    /** {@code ip link add <name> type <kind>} (vcan). */
    static void create(final NetlinkWriter request, final String name, final String kind)
    {
        request.begin(RTM_NEWLINK, CREATE).ifinfomsg(0, 0, 0).string(LinuxCan.IFLA_IFNAME(), name);
        final int linkInfo = request.beginNested(LinuxCan.IFLA_LINKINFO());
        request.unterminated(LinuxCan.IFLA_INFO_KIND(), kind);
        request.endNested(linkInfo);
    }

    /**
     * {@code ip link add <name> type vxcan peer name <peer>}: the peer is described by a nested
     * {@code struct ifinfomsg} and its own attributes inside {@code VXCAN_INFO_PEER}.
     */
    static void createVxcan(final NetlinkWriter request, final String name, final String peer)
    {
        request.begin(RTM_NEWLINK, CREATE).ifinfomsg(0, 0, 0).string(LinuxCan.IFLA_IFNAME(), name);
        final int linkInfo = request.beginNested(LinuxCan.IFLA_LINKINFO());
        request.unterminated(LinuxCan.IFLA_INFO_KIND(), "vxcan");
        final int data = request.beginNested(LinuxCan.IFLA_INFO_DATA());
        final int peerInfo = request.beginNested(LinuxCan.VXCAN_INFO_PEER());
        request.ifinfomsg(0, 0, 0).string(LinuxCan.IFLA_IFNAME(), peer);
        request.endNested(peerInfo).endNested(data).endNested(linkInfo);
    }

    /** {@code ip link delete dev <index>}. */
    static void delete(final NetlinkWriter request, final int index)
    {
        request.begin(RTM_DELLINK, REQUEST_ACK).ifinfomsg(index, 0, 0);
    }

    /** {@code ip link show dev <name>}: one {@code RTM_NEWLINK} answer, then the ack. */
    static void get(final NetlinkWriter request, final String name)
    {
        request.begin(RTM_GETLINK, REQUEST_ACK).ifinfomsg(0, 0, 0).string(LinuxCan.IFLA_IFNAME(), name);
    }

    /** {@code ip link show}: every link, then {@code NLMSG_DONE}. */
    static void dump(final NetlinkWriter request)
    {
        request.begin(RTM_GETLINK, DUMP).ifinfomsg(0, 0, 0);
    }

    private static void bitTiming(final NetlinkWriter request, final int type, final BitTiming timing)
    {
        final MemorySegment bt = payload(request, type, BITTIMING_SIZE);
        can_bittiming.bitrate(bt, timing.bitrate());
        can_bittiming.sample_point(bt, timing.samplePoint());
        can_bittiming.tq(bt, timing.tq());
        can_bittiming.prop_seg(bt, timing.propSeg());
        can_bittiming.phase_seg1(bt, timing.phaseSeg1());
        can_bittiming.phase_seg2(bt, timing.phaseSeg2());
        can_bittiming.sjw(bt, timing.sjw());
        can_bittiming.brp(bt, timing.brp());
    }

    private static MemorySegment payload(final NetlinkWriter request, final int type, final long size)
    {
        return request.buffer().asSlice(request.struct(type, (int)size), size);
    }
}
