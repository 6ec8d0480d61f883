package org.panacan.bindings;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.panacan.bindings.gen.*;

/**
 * Pins the generated layouts to the Linux x86-64 ABI.
 *
 * <p>Every number below was taken from {@code sizeof}/{@code offsetof} in a C program compiled by
 * gcc 12 against the same headers jextract read ({@code src/main/c/panacan.h}: glibc 2.36,
 * linux-libc-dev 6.1), never from the generated code. A regeneration that moves a field, changes a
 * size or drops a member fails here before it can corrupt a frame on the wire.
 *
 * <p>Nested offsets ({@code sockaddr_can.can_addr.tp.rx_id$offset()}, ...) are relative to their
 * enclosing union or struct, as jextract generates them.
 */
class StructLayoutTest {

    // ------------------------------------------------------------------ helpers

    private static Executable size(MemoryLayout layout, long expected) {
        return () -> assertEquals(expected, layout.byteSize(), () -> "sizeof(" + layout.name().orElse("?") + ")");
    }

    private static Executable at(String field, LongSupplier actual, long expected) {
        return () -> assertEquals(expected, actual.getAsLong(), () -> "offsetof(" + field + ")");
    }

    // ------------------------------------------------------------------ SocketCAN

    @Test
    void canFrame() {
        assertAll(
                size(can_frame.layout(), 16),
                at("can_id", can_frame::can_id$offset, 0),
                at("len", can_frame::len$offset, 4),
                at("can_dlc", can_frame::can_dlc$offset, 4), // deprecated alias of len (anonymous union)
                at("__pad", can_frame::__pad$offset, 5),
                at("__res0", can_frame::__res0$offset, 6),
                at("len8_dlc", can_frame::len8_dlc$offset, 7),
                at("data", can_frame::data$offset, 8),
                size(can_frame.data$layout(), 8));
    }

    @Test
    void canfdFrame() {
        assertAll(
                size(canfd_frame.layout(), 72),
                at("can_id", canfd_frame::can_id$offset, 0),
                at("len", canfd_frame::len$offset, 4),
                at("flags", canfd_frame::flags$offset, 5),
                at("__res0", canfd_frame::__res0$offset, 6),
                at("__res1", canfd_frame::__res1$offset, 7),
                at("data", canfd_frame::data$offset, 8),
                size(canfd_frame.data$layout(), 64));
    }

    @Test
    void canxlFrame() {
        assertAll(
                size(canxl_frame.layout(), 2060),
                at("prio", canxl_frame::prio$offset, 0),
                at("flags", canxl_frame::flags$offset, 4),
                at("sdt", canxl_frame::sdt$offset, 5),
                at("len", canxl_frame::len$offset, 6),
                at("af", canxl_frame::af$offset, 8),
                at("data", canxl_frame::data$offset, 12)); // CANXL_HDR_SIZE
    }

    @Test
    void sockaddrCan() {
        assertAll(
                size(sockaddr_can.layout(), 24),
                at("can_family", sockaddr_can::can_family$offset, 0),
                at("can_ifindex", sockaddr_can::can_ifindex$offset, 4),
                at("can_addr", sockaddr_can::can_addr$offset, 8),
                size(sockaddr_can.can_addr.layout(), 16),
                at("can_addr.tp", sockaddr_can.can_addr::tp$offset, 0),
                at("tp.rx_id", sockaddr_can.can_addr.tp::rx_id$offset, 0),
                at("tp.tx_id", sockaddr_can.can_addr.tp::tx_id$offset, 4),
                at("can_addr.j1939", sockaddr_can.can_addr::j1939$offset, 0),
                at("j1939.name", sockaddr_can.can_addr.j1939::name$offset, 0),
                at("j1939.pgn", sockaddr_can.can_addr.j1939::pgn$offset, 8),
                at("j1939.addr", sockaddr_can.can_addr.j1939::addr$offset, 12));
    }

    @Test
    void canFilter() {
        assertAll(
                size(can_filter.layout(), 8),
                at("can_id", can_filter::can_id$offset, 0),
                at("can_mask", can_filter::can_mask$offset, 4));
    }

    @Test
    void bcm() {
        assertAll(
                size(bcm_msg_head.layout(), 56), // frames[] is a flexible array member
                at("opcode", bcm_msg_head::opcode$offset, 0),
                at("flags", bcm_msg_head::flags$offset, 4),
                at("count", bcm_msg_head::count$offset, 8),
                at("ival1", bcm_msg_head::ival1$offset, 16),
                at("ival2", bcm_msg_head::ival2$offset, 32),
                at("can_id", bcm_msg_head::can_id$offset, 48),
                at("nframes", bcm_msg_head::nframes$offset, 52),
                at("frames", bcm_msg_head::frames$offset, 56),
                size(bcm_timeval.layout(), 16),
                at("tv_sec", bcm_timeval::tv_sec$offset, 0),
                at("tv_usec", bcm_timeval::tv_usec$offset, 8));
    }

    @Test
    void isotp() {
        assertAll(
                size(can_isotp_options.layout(), 12),
                at("flags", can_isotp_options::flags$offset, 0),
                at("frame_txtime", can_isotp_options::frame_txtime$offset, 4),
                at("ext_address", can_isotp_options::ext_address$offset, 8),
                at("txpad_content", can_isotp_options::txpad_content$offset, 9),
                at("rxpad_content", can_isotp_options::rxpad_content$offset, 10),
                at("rx_ext_address", can_isotp_options::rx_ext_address$offset, 11),
                size(can_isotp_fc_options.layout(), 3),
                at("bs", can_isotp_fc_options::bs$offset, 0),
                at("stmin", can_isotp_fc_options::stmin$offset, 1),
                at("wftmax", can_isotp_fc_options::wftmax$offset, 2),
                size(can_isotp_ll_options.layout(), 3),
                at("mtu", can_isotp_ll_options::mtu$offset, 0),
                at("tx_dl", can_isotp_ll_options::tx_dl$offset, 1),
                at("tx_flags", can_isotp_ll_options::tx_flags$offset, 2));
    }

    // ------------------------------------------------------------------ socket API

    @Test
    void sockaddrGeneric() {
        assertAll(
                size(sockaddr.layout(), 16),
                at("sa_family", sockaddr::sa_family$offset, 0),
                at("sa_data", sockaddr::sa_data$offset, 2));
    }

    @Test
    void messageHeaders() {
        assertAll(
                size(msghdr.layout(), 56),
                at("msg_name", msghdr::msg_name$offset, 0),
                at("msg_namelen", msghdr::msg_namelen$offset, 8),
                at("msg_iov", msghdr::msg_iov$offset, 16),
                at("msg_iovlen", msghdr::msg_iovlen$offset, 24),
                at("msg_control", msghdr::msg_control$offset, 32),
                at("msg_controllen", msghdr::msg_controllen$offset, 40),
                at("msg_flags", msghdr::msg_flags$offset, 48),
                size(mmsghdr.layout(), 64),
                at("msg_hdr", mmsghdr::msg_hdr$offset, 0),
                size(mmsghdr.msg_hdr$layout(), 56),
                at("msg_len", mmsghdr::msg_len$offset, 56),
                size(iovec.layout(), 16),
                at("iov_base", iovec::iov_base$offset, 0),
                at("iov_len", iovec::iov_len$offset, 8),
                size(cmsghdr.layout(), 16),
                at("cmsg_len", cmsghdr::cmsg_len$offset, 0),
                at("cmsg_level", cmsghdr::cmsg_level$offset, 8),
                at("cmsg_type", cmsghdr::cmsg_type$offset, 12));
    }

    @Test
    void pollAndTime() {
        assertAll(
                size(pollfd.layout(), 8),
                at("fd", pollfd::fd$offset, 0),
                at("events", pollfd::events$offset, 4),
                at("revents", pollfd::revents$offset, 6),
                size(timeval.layout(), 16),
                at("tv_sec", timeval::tv_sec$offset, 0),
                at("tv_usec", timeval::tv_usec$offset, 8),
                size(timespec.layout(), 16),
                at("tv_sec", timespec::tv_sec$offset, 0),
                at("tv_nsec", timespec::tv_nsec$offset, 8));
    }

    @Test
    void ifreqForIoctl() {
        assertAll(
                size(ifreq.layout(), 40),
                at("ifr_ifrn", ifreq::ifr_ifrn$offset, 0),
                at("ifrn_name", ifreq.ifr_ifrn::ifrn_name$offset, 0),
                at("ifr_ifru", ifreq::ifr_ifru$offset, 16),
                size(ifreq.ifr_ifru.layout(), 24),
                at("ifru_ivalue (ifr_ifindex)", ifreq.ifr_ifru::ifru_ivalue$offset, 0),
                at("ifru_mtu (ifr_mtu)", ifreq.ifr_ifru::ifru_mtu$offset, 0),
                at("ifru_flags (ifr_flags)", ifreq.ifr_ifru::ifru_flags$offset, 0));
    }

    @Test
    void timestamping() {
        assertAll(
                size(scm_timestamping.layout(), 48),
                at("ts", scm_timestamping::ts$offset, 0),
                () -> assertEquals(3, scm_timestamping.ts$layout().elementCount()),
                size(sock_extended_err.layout(), 16),
                at("ee_errno", sock_extended_err::ee_errno$offset, 0),
                at("ee_origin", sock_extended_err::ee_origin$offset, 4),
                at("ee_type", sock_extended_err::ee_type$offset, 5),
                at("ee_code", sock_extended_err::ee_code$offset, 6),
                at("ee_pad", sock_extended_err::ee_pad$offset, 7),
                at("ee_info", sock_extended_err::ee_info$offset, 8),
                at("ee_data", sock_extended_err::ee_data$offset, 12),
                size(sock_txtime.layout(), 8),
                at("clockid", sock_txtime::clockid$offset, 0),
                at("flags", sock_txtime::flags$offset, 4));
    }

    // ------------------------------------------------------------------ rtnetlink

    @Test
    void netlink() {
        assertAll(
                size(sockaddr_nl.layout(), 12),
                at("nl_family", sockaddr_nl::nl_family$offset, 0),
                at("nl_pad", sockaddr_nl::nl_pad$offset, 2),
                at("nl_pid", sockaddr_nl::nl_pid$offset, 4),
                at("nl_groups", sockaddr_nl::nl_groups$offset, 8),
                size(nlmsghdr.layout(), 16),
                at("nlmsg_len", nlmsghdr::nlmsg_len$offset, 0),
                at("nlmsg_type", nlmsghdr::nlmsg_type$offset, 4),
                at("nlmsg_flags", nlmsghdr::nlmsg_flags$offset, 6),
                at("nlmsg_seq", nlmsghdr::nlmsg_seq$offset, 8),
                at("nlmsg_pid", nlmsghdr::nlmsg_pid$offset, 12),
                size(nlmsgerr.layout(), 20),
                at("error", nlmsgerr::error$offset, 0),
                at("msg", nlmsgerr::msg$offset, 4),
                size(ifinfomsg.layout(), 16),
                at("ifi_family", ifinfomsg::ifi_family$offset, 0),
                at("__ifi_pad", ifinfomsg::__ifi_pad$offset, 1),
                at("ifi_type", ifinfomsg::ifi_type$offset, 2),
                at("ifi_index", ifinfomsg::ifi_index$offset, 4),
                at("ifi_flags", ifinfomsg::ifi_flags$offset, 8),
                at("ifi_change", ifinfomsg::ifi_change$offset, 12),
                size(rtattr.layout(), 4),
                at("rta_len", rtattr::rta_len$offset, 0),
                at("rta_type", rtattr::rta_type$offset, 2),
                size(rtnl_link_stats64.layout(), 200),
                at("rx_packets", rtnl_link_stats64::rx_packets$offset, 0),
                at("rx_dropped", rtnl_link_stats64::rx_dropped$offset, 48),
                at("tx_dropped", rtnl_link_stats64::tx_dropped$offset, 56),
                at("rx_otherhost_dropped", rtnl_link_stats64::rx_otherhost_dropped$offset, 192));
    }

    @Test
    void canLinkAttributes() {
        assertAll(
                size(can_bittiming.layout(), 32),
                at("bitrate", can_bittiming::bitrate$offset, 0),
                at("sample_point", can_bittiming::sample_point$offset, 4),
                at("tq", can_bittiming::tq$offset, 8),
                at("prop_seg", can_bittiming::prop_seg$offset, 12),
                at("phase_seg1", can_bittiming::phase_seg1$offset, 16),
                at("phase_seg2", can_bittiming::phase_seg2$offset, 20),
                at("sjw", can_bittiming::sjw$offset, 24),
                at("brp", can_bittiming::brp$offset, 28),
                size(can_bittiming_const.layout(), 48),
                at("name", can_bittiming_const::name$offset, 0),
                at("tseg1_min", can_bittiming_const::tseg1_min$offset, 16),
                at("tseg1_max", can_bittiming_const::tseg1_max$offset, 20),
                at("tseg2_min", can_bittiming_const::tseg2_min$offset, 24),
                at("tseg2_max", can_bittiming_const::tseg2_max$offset, 28),
                at("sjw_max", can_bittiming_const::sjw_max$offset, 32),
                at("brp_min", can_bittiming_const::brp_min$offset, 36),
                at("brp_max", can_bittiming_const::brp_max$offset, 40),
                at("brp_inc", can_bittiming_const::brp_inc$offset, 44),
                size(can_clock.layout(), 4),
                at("freq", can_clock::freq$offset, 0),
                size(can_berr_counter.layout(), 4),
                at("txerr", can_berr_counter::txerr$offset, 0),
                at("rxerr", can_berr_counter::rxerr$offset, 2),
                size(can_ctrlmode.layout(), 8),
                at("mask", can_ctrlmode::mask$offset, 0),
                at("flags", can_ctrlmode::flags$offset, 4),
                size(can_device_stats.layout(), 24),
                at("bus_error", can_device_stats::bus_error$offset, 0),
                at("error_warning", can_device_stats::error_warning$offset, 4),
                at("error_passive", can_device_stats::error_passive$offset, 8),
                at("bus_off", can_device_stats::bus_off$offset, 12),
                at("arbitration_lost", can_device_stats::arbitration_lost$offset, 16),
                at("restarts", can_device_stats::restarts$offset, 20));
    }

    // ------------------------------------------------------------------ constants (ABI-stable values only)

    @Test
    void constants() {
        assertAll(
                () -> assertEquals(29, LinuxCan.AF_CAN()),
                () -> assertEquals(LinuxCan.AF_CAN(), LinuxCan.PF_CAN()),
                () -> assertEquals(16, LinuxCan.AF_NETLINK()),
                () -> assertEquals(1, LinuxCan.CAN_RAW()),
                () -> assertEquals(2, LinuxCan.CAN_BCM()),
                () -> assertEquals(6, LinuxCan.CAN_ISOTP()),
                () -> assertEquals(0x80000, LinuxCan.SOCK_CLOEXEC()),
                () -> assertEquals(0x800, LinuxCan.SOCK_NONBLOCK()),
                () -> assertEquals(0x80000000, LinuxCan.CAN_EFF_FLAG()),
                () -> assertEquals(0x40000000, LinuxCan.CAN_RTR_FLAG()),
                () -> assertEquals(0x20000000, LinuxCan.CAN_ERR_FLAG()),
                () -> assertEquals(0x1FFFFFFF, LinuxCan.CAN_EFF_MASK()),
                () -> assertEquals(0x7FF, LinuxCan.CAN_SFF_MASK()),
                () -> assertEquals(16L, LinuxCan.CAN_MTU()),
                () -> assertEquals(72L, LinuxCan.CANFD_MTU()),
                () -> assertEquals(2060L, LinuxCan.CANXL_MTU()),
                () -> assertEquals(64, LinuxCan.CANFD_MAX_DLEN()),
                () -> assertEquals(0x04, LinuxCan.CANFD_FDF()),
                () -> assertEquals(100, LinuxCan.SOL_CAN_BASE()),
                () -> assertEquals(101, LinuxCan.SOL_CAN_RAW()),
                () -> assertEquals(106, LinuxCan.SOL_CAN_ISOTP()),
                () -> assertEquals(1, LinuxCan.CAN_RAW_FILTER()),
                () -> assertEquals(5, LinuxCan.CAN_RAW_FD_FRAMES()),
                () -> assertEquals(512, LinuxCan.CAN_RAW_FILTER_MAX()),
                () -> assertEquals(1, LinuxCan.TX_SETUP()),
                () -> assertEquals(12, LinuxCan.RX_CHANGED()),
                () -> assertEquals(0x0800, LinuxCan.CAN_FD_FRAME()),
                () -> assertEquals(0x004, LinuxCan.CAN_ISOTP_TX_PADDING()),
                () -> assertEquals(0xCC, LinuxCan.CAN_ISOTP_DEFAULT_PAD_CONTENT()),
                () -> assertEquals(8, LinuxCan.CAN_ERR_DLC()),
                () -> assertEquals(0x40, LinuxCan.CAN_ERR_BUSOFF()),
                // glibc's <bits/socket-constants.h> / asm-generic: the 64-bit-time_t "OLD" numbers on x86-64
                () -> assertEquals(29, LinuxCan.SO_TIMESTAMP()),
                () -> assertEquals(35, LinuxCan.SO_TIMESTAMPNS()),
                () -> assertEquals(37, LinuxCan.SO_TIMESTAMPING()),
                () -> assertEquals(LinuxCan.SO_TIMESTAMPING(), LinuxCan.SCM_TIMESTAMPING()),
                () -> assertEquals(40, LinuxCan.SO_RXQ_OVFL()),
                () -> assertEquals(1 << 4, LinuxCan.SOF_TIMESTAMPING_SOFTWARE()),
                () -> assertEquals(0x10000, LinuxCan.MSG_WAITFORONE()),
                () -> assertEquals(0x2000, LinuxCan.MSG_ERRQUEUE()),
                () -> assertEquals(0x8933, LinuxCan.SIOCGIFINDEX()),
                () -> assertEquals(16, LinuxCan.IFNAMSIZ()),
                () -> assertEquals(280, LinuxCan.ARPHRD_CAN()),
                () -> assertEquals(16, LinuxCan.NLMSG_HDRLEN()),
                () -> assertEquals(2, LinuxCan.NLMSG_ERROR()),
                () -> assertEquals(0x300, LinuxCan.NLM_F_DUMP()),
                () -> assertEquals(18, LinuxCan.IFLA_LINKINFO()),
                () -> assertEquals(1, LinuxCan.IFLA_CAN_BITTIMING()),
                () -> assertEquals(0x20, LinuxCan.CAN_CTRLMODE_FD()),
                () -> assertEquals(3, LinuxCan.CAN_STATE_BUS_OFF()),
                () -> assertEquals(1, LinuxCan.VXCAN_INFO_PEER()));
    }

    // ------------------------------------------------------------------ downcalls link against libc

    @Test
    void everyFunctionResolvesInLibc() {
        var libc = Linker.nativeLinker().defaultLookup();
        for (String fn : List.of("socket", "bind", "close", "setsockopt", "getsockopt", "getsockname",
                "read", "write", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
                "poll", "if_nametoindex", "if_indextoname", "ioctl", "strerror")) {
            assertTrue(libc.find(fn).isPresent(), fn);
        }
    }

    @Test
    void downcallsWork() {
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(LinuxCan.if_nametoindex(arena.allocateFrom("lo")) > 0, "if_nametoindex(\"lo\")");
            MemorySegment msg = LinuxCan.strerror(22).reinterpret(256);
            assertTrue(msg.getString(0).contains("nvalid"), msg.getString(0)); // EINVAL
            int fd = LinuxCan.socket(LinuxCan.AF_NETLINK(), LinuxCan.SOCK_RAW() | LinuxCan.SOCK_CLOEXEC(),
                    LinuxCan.NETLINK_ROUTE());
            assertTrue(fd >= 0, "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)");
            assertEquals(0, LinuxCan.close(fd));
        }
    }
}
