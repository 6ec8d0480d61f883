package org.panacan.isotp.kernel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import org.panacan.CanException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_isotp_fc_options;
import org.panacan.bindings.gen.can_isotp_ll_options;
import org.panacan.bindings.gen.can_isotp_options;
import org.panacan.bindings.gen.sockaddr_can;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpParams;
import org.panacan.sys.Syscalls;

/**
 * Opens and configures {@code CAN_ISOTP} sockets: every option from one {@link IsoTpParams}, set before
 * {@code bind} (the kernel refuses options on a bound socket), and what this kernel can do.
 */
final class IsoTpSockets
{
    /** {@code CAN_ISOTP_DYN_FC_PARMS}: Linux 6.8 UAPI, newer than the headers the bindings are generated from. */
    static final int DYN_FC_PARMS = 0x2000;
    /** The kernel's PDU limit before {@code max_pdu_size} became a module parameter ({@code MAX_MSG_LENGTH}). */
    static final int STATIC_MAX_PDU_LENGTH = 66000;

    private static final int SOL_CAN_ISOTP = LinuxCan.SOL_CAN_ISOTP();
    private static final Path MAX_PDU_SIZE = Path.of("/sys/module/can_isotp/parameters/max_pdu_size");
    private static final Path OS_RELEASE = Path.of("/proc/sys/kernel/osrelease");

    private IsoTpSockets()
    {
    }

    /** Whether the kernel creates {@code CAN_ISOTP} sockets (loading the can-isotp module on demand). */
    static boolean available()
    {
        return Probe.AVAILABLE;
    }

    /** The largest PDU this kernel sends and receives. */
    static int maxPduLength()
    {
        try
        {
            return Integer.parseInt(Files.readString(MAX_PDU_SIZE).trim());
        }
        catch (final IOException | NumberFormatException | SecurityException ex)
        {
            return STATIC_MAX_PDU_LENGTH;
        }
    }

    /** Whether the running kernel is at least {@code major.minor}. */
    static boolean kernelAtLeast(final int major, final int minor)
    {
        try
        {
            final String[] parts = Files.readString(OS_RELEASE).trim().split("[.-]");
            final int runningMajor = Integer.parseInt(parts[0]);
            final int runningMinor = Integer.parseInt(parts[1]);
            return runningMajor > major || (runningMajor == major && runningMinor >= minor);
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * A non-blocking {@code CAN_ISOTP} socket, configured from {@code params} and bound to {@code ifindex} with
     * the given identifiers (kernel {@code can_id} words). {@code CAN_ISOTP_WAIT_TX_DONE} is always on: a write
     * returns when its transfer is over, with its outcome. Closes the socket again if any step fails.
     */
    static int open(final int ifindex, final String interfaceName, final int txIdWord, final int rxIdWord,
        final IsoTpAddress address, final IsoTpParams params) throws CanException
    {
        final int fd = Syscalls.socket(LinuxCan.PF_CAN(),
            LinuxCan.SOCK_DGRAM() | LinuxCan.SOCK_NONBLOCK() | LinuxCan.SOCK_CLOEXEC(), LinuxCan.CAN_ISOTP(),
            "CAN_ISOTP socket for " + interfaceName);
        try (Arena arena = Arena.ofConfined())
        {
            setOptions(fd, arena, address, params);
            final MemorySegment bound = arena.allocate(sockaddr_can.layout());
            sockaddr_can.can_family(bound, (short)LinuxCan.AF_CAN());
            sockaddr_can.can_ifindex(bound, ifindex);
            final MemorySegment tp = sockaddr_can.can_addr.tp(sockaddr_can.can_addr(bound));
            sockaddr_can.can_addr.tp.rx_id(tp, rxIdWord);
            sockaddr_can.can_addr.tp.tx_id(tp, txIdWord);
            Syscalls.bind(fd, bound, interfaceName);
            return fd;
        }
        catch (final CanException | RuntimeException ex)
        {
            Syscalls.close(fd);
            throw ex;
        }
    }

    private static void setOptions(final int fd, final Arena arena, final IsoTpAddress address,
        final IsoTpParams params) throws CanException
    {
        final MemorySegment options = arena.allocate(can_isotp_options.layout());
        can_isotp_options.flags(options, flags(address, params));
        final long txTime = params.frameTxTimeNanos();
        // 0 means "unchanged" to the kernel, so a zero N_As is spelled CAN_ISOTP_FRAME_TXTIME_ZERO
        can_isotp_options.frame_txtime(options, txTime == 0 ? LinuxCan.CAN_ISOTP_FRAME_TXTIME_ZERO() : (int)txTime);
        can_isotp_options.ext_address(options, (byte)Math.max(0, address.txAddressByte()));
        can_isotp_options.rx_ext_address(options, (byte)Math.max(0, address.rxAddressByte()));
        can_isotp_options.txpad_content(options, (byte)(params.txPadding() >= 0 ? params.txPadding()
            : IsoTpParams.DEFAULT_PADDING));
        can_isotp_options.rxpad_content(options, (byte)(params.rxPadding() >= 0 ? params.rxPadding()
            : IsoTpParams.DEFAULT_PADDING));
        Syscalls.setsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_OPTS(), options, "CAN_ISOTP_OPTS");

        final MemorySegment flowControl = arena.allocate(can_isotp_fc_options.layout());
        can_isotp_fc_options.bs(flowControl, (byte)params.blockSize());
        can_isotp_fc_options.stmin(flowControl, (byte)params.stminCode());
        can_isotp_fc_options.wftmax(flowControl, (byte)params.wftmax());
        Syscalls.setsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_RECV_FC(), flowControl, "CAN_ISOTP_RECV_FC");

        // the kernel takes nanoseconds here (its header says so; older documentation says microseconds)
        if (params.txStminOverride() != null)
        {
            Syscalls.setsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_TX_STMIN(), (int)params.txStminOverrideNanos(),
                "CAN_ISOTP_TX_STMIN");
        }
        if (params.rxStminMinimum() != null)
        {
            Syscalls.setsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_RX_STMIN(), (int)params.rxStminMinimumNanos(),
                "CAN_ISOTP_RX_STMIN");
        }
        if (params.fd())
        {
            final MemorySegment linkLayer = arena.allocate(can_isotp_ll_options.layout());
            can_isotp_ll_options.mtu(linkLayer, (byte)LinuxCan.CANFD_MTU());
            can_isotp_ll_options.tx_dl(linkLayer, (byte)params.txDataLength());
            can_isotp_ll_options.tx_flags(linkLayer, (byte)(params.bitRateSwitch() ? LinuxCan.CANFD_BRS() : 0));
            Syscalls.setsockopt(fd, SOL_CAN_ISOTP, LinuxCan.CAN_ISOTP_LL_OPTS(), linkLayer, "CAN_ISOTP_LL_OPTS");
        }
    }

    /** The {@code CAN_ISOTP_OPTS} flags for {@code params}. */
    static int flags(final IsoTpAddress address, final IsoTpParams params)
    {
        int flags = LinuxCan.CAN_ISOTP_WAIT_TX_DONE();
        if (address.txAddressLength() != 0)
        {
            flags |= LinuxCan.CAN_ISOTP_EXTEND_ADDR();
            if (address.rxAddressByte() != address.txAddressByte())
            {
                flags |= LinuxCan.CAN_ISOTP_RX_EXT_ADDR();
            }
        }
        flags |= flag(params.listenMode(), LinuxCan.CAN_ISOTP_LISTEN_MODE())
            | flag(params.txPadding() >= 0, LinuxCan.CAN_ISOTP_TX_PADDING())
            | flag(params.rxPadding() >= 0, LinuxCan.CAN_ISOTP_RX_PADDING())
            | flag(params.checkPaddingLength(), LinuxCan.CAN_ISOTP_CHK_PAD_LEN())
            | flag(params.checkPaddingData(), LinuxCan.CAN_ISOTP_CHK_PAD_DATA())
            | flag(params.halfDuplex(), LinuxCan.CAN_ISOTP_HALF_DUPLEX())
            | flag(params.txStminOverride() != null, LinuxCan.CAN_ISOTP_FORCE_TXSTMIN())
            | flag(params.rxStminMinimum() != null, LinuxCan.CAN_ISOTP_FORCE_RXSTMIN())
            | flag(params.sfBroadcast(), LinuxCan.CAN_ISOTP_SF_BROADCAST())
            | flag(params.cfBroadcast(), LinuxCan.CAN_ISOTP_CF_BROADCAST())
            | flag(params.dynamicFlowControl(), DYN_FC_PARMS);
        return flags;
    }

    private static int flag(final boolean on, final int flag)
    {
        return on ? flag : 0;
    }

    /** Tries once whether {@code socket(PF_CAN, SOCK_DGRAM, CAN_ISOTP)} works. */
    private static final class Probe
    {
        static final boolean AVAILABLE = probe();

        private static boolean probe()
        {
            if (!Files.exists(Path.of("/proc/net/can")))
            {
                return false;
            }
            try
            {
                final int fd = Syscalls.socket(LinuxCan.PF_CAN(), LinuxCan.SOCK_DGRAM() | LinuxCan.SOCK_CLOEXEC(),
                    LinuxCan.CAN_ISOTP(), "CAN_ISOTP probe");
                Syscalls.close(fd);
                return true;
            }
            catch (final CanException ex)
            {
                return false;
            }
        }
    }
}
