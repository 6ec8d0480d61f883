package org.panacan.raw;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import org.panacan.BusConfig;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.TimestampMode;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_filter;
import org.panacan.bindings.gen.sockaddr_can;
import org.panacan.bindings.gen.timeval;
import org.panacan.sys.Syscalls;

/**
 * Opens and configures CAN_RAW sockets. Every option is set before {@code bind}, so no frame that the filters
 * would reject is ever queued.
 *
 * <p>The socket is blocking, with {@code SO_RCVTIMEO} at {@link #RECEIVE_SLICE_NANOS}: a consumer that waits long
 * sleeps in {@code recvmmsg} itself (one system call per wake-up instead of {@code ppoll} and then
 * {@code recvmmsg}), and comes back at least once per slice to see a close or a hand-over, which cannot interrupt
 * the call. Every other call passes {@code MSG_DONTWAIT}, so sends and drains never block.
 */
final class RawSockets
{
    /** The longest a receive call blocks; also how long a close or start may wait for a consumer inside it. */
    static final long RECEIVE_SLICE_NANOS = 50_000_000L;

    private static final int SOL_CAN_RAW = LinuxCan.SOL_CAN_RAW();
    private static final int SOL_SOCKET = LinuxCan.SOL_SOCKET();
    private static final long FILTER_SIZE = can_filter.layout().byteSize();

    private RawSockets()
    {
    }

    /**
     * A non-blocking CAN_RAW socket configured from {@code config} and bound to {@code interfaceIndex} (0: any).
     * Closes the socket again if any step fails.
     */
    static int open(final BusConfig config, final int interfaceIndex) throws CanException
    {
        final String name = config.channel();
        final int fd = Syscalls.socket(LinuxCan.PF_CAN(),
            LinuxCan.SOCK_RAW() | LinuxCan.SOCK_CLOEXEC(), LinuxCan.CAN_RAW(),
            "CAN_RAW socket for " + name);
        try
        {
            configure(fd, config);
            bind(fd, interfaceIndex, name);
            return fd;
        }
        catch (final CanException | RuntimeException ex)
        {
            Syscalls.close(fd);
            throw ex;
        }
    }

    private static void configure(final int fd, final BusConfig config) throws CanException
    {
        if (config.fd())
        {
            Syscalls.setsockopt(fd, SOL_CAN_RAW, LinuxCan.CAN_RAW_FD_FRAMES(), 1,
                "CAN_RAW_FD_FRAMES (CAN FD support) on " + config.channel());
        }
        Syscalls.setsockopt(fd, SOL_CAN_RAW, LinuxCan.CAN_RAW_LOOPBACK(), config.localLoopback() ? 1 : 0,
            "CAN_RAW_LOOPBACK");
        Syscalls.setsockopt(fd, SOL_CAN_RAW, LinuxCan.CAN_RAW_RECV_OWN_MSGS(), config.receiveOwnMessages() ? 1 : 0,
            "CAN_RAW_RECV_OWN_MSGS");
        setFilters(fd, config.filters(), config.joinFilters());
        setErrorMask(fd, config.errorMask());
        if (config.receiveBufferSize() > 0)
        {
            setReceiveBuffer(fd, config.receiveBufferSize());
        }
        Syscalls.setsockopt(fd, SOL_SOCKET, LinuxCan.SO_RXQ_OVFL(), 1, "SO_RXQ_OVFL");
        setReceiveTimeout(fd, RECEIVE_SLICE_NANOS);
        if (config.timestamps() != TimestampMode.NONE)
        {
            // Also in HARDWARE mode: the kernel enables skb stamping lazily (a deferred static key), so frames
            // right after the first stamping socket opens can arrive unstamped. SO_TIMESTAMPNS makes recvmsg stamp
            // those itself; SO_TIMESTAMPING alone would report nothing for them.
            Syscalls.setsockopt(fd, SOL_SOCKET, LinuxCan.SO_TIMESTAMPNS(), 1, "SO_TIMESTAMPNS");
        }
        if (config.timestamps() == TimestampMode.HARDWARE)
        {
            final int flags = LinuxCan.SOF_TIMESTAMPING_RX_HARDWARE() | LinuxCan.SOF_TIMESTAMPING_RAW_HARDWARE()
                | LinuxCan.SOF_TIMESTAMPING_RX_SOFTWARE() | LinuxCan.SOF_TIMESTAMPING_SOFTWARE();
            Syscalls.setsockopt(fd, SOL_SOCKET, LinuxCan.SO_TIMESTAMPING(), flags, "SO_TIMESTAMPING");
        }
    }

    private static void setReceiveTimeout(final int fd, final long nanos) throws CanException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment value = arena.allocate(timeval.layout());
            timeval.tv_sec(value, nanos / 1_000_000_000L);
            timeval.tv_usec(value, nanos % 1_000_000_000L / 1_000L);
            Syscalls.setsockopt(fd, SOL_SOCKET, LinuxCan.SO_RCVTIMEO(), value, "SO_RCVTIMEO");
        }
    }

    /** Sets {@code SO_RCVBUF}; as root, {@code SO_RCVBUFFORCE} first, which may exceed {@code rmem_max}. */
    private static void setReceiveBuffer(final int fd, final int bytes) throws CanException
    {
        try
        {
            Syscalls.setsockopt(fd, SOL_SOCKET, LinuxCan.SO_RCVBUFFORCE(), bytes, "SO_RCVBUFFORCE");
        }
        catch (final CanException notPrivileged)
        {
            Syscalls.setsockopt(fd, SOL_SOCKET, LinuxCan.SO_RCVBUF(), bytes, "SO_RCVBUF");
        }
    }

    private static void bind(final int fd, final int interfaceIndex, final String name) throws CanException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment address = arena.allocate(sockaddr_can.layout());
            sockaddr_can.can_family(address, (short)LinuxCan.AF_CAN());
            sockaddr_can.can_ifindex(address, interfaceIndex);
            Syscalls.bind(fd, address, name);
        }
    }

    /** {@code CAN_RAW_FILTER} (and {@code CAN_RAW_JOIN_FILTERS}); an empty list restores pass-all. */
    static void setFilters(final int fd, final List<CanFilter> filters, final boolean join) throws CanException
    {
        if (filters.size() > BusConfig.MAX_FILTERS)
        {
            throw new IllegalArgumentException(filters.size() + " filters exceed the kernel's limit of "
                + BusConfig.MAX_FILTERS);
        }
        final List<CanFilter> effective = filters.isEmpty() ? List.of(CanFilter.all()) : filters;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment array = arena.allocate(FILTER_SIZE * effective.size(), 4);
            for (int i = 0; i < effective.size(); i++)
            {
                final MemorySegment entry = array.asSlice(FILTER_SIZE * i, FILTER_SIZE);
                can_filter.can_id(entry, effective.get(i).canId());
                can_filter.can_mask(entry, effective.get(i).canMask());
            }
            Syscalls.setsockopt(fd, SOL_CAN_RAW, LinuxCan.CAN_RAW_FILTER(), array,
                "CAN_RAW_FILTER (" + effective.size() + " filters)");
            Syscalls.setsockopt(fd, SOL_CAN_RAW, LinuxCan.CAN_RAW_JOIN_FILTERS(), join ? 1 : 0,
                "CAN_RAW_JOIN_FILTERS");
        }
    }

    /** {@code CAN_RAW_ERR_FILTER}. */
    static void setErrorMask(final int fd, final int errorMask) throws CanException
    {
        if ((errorMask & ~BusConfig.ALL_ERRORS) != 0)
        {
            throw new IllegalArgumentException(String.format("error mask 0x%X has bits outside CAN_ERR_MASK",
                errorMask));
        }
        Syscalls.setsockopt(fd, SOL_CAN_RAW, LinuxCan.CAN_RAW_ERR_FILTER(), errorMask, "CAN_RAW_ERR_FILTER");
    }

    /**
     * The socket's drop counter right now ({@code SO_MEMINFO}, {@code SK_MEMINFO_DROPS}): exact even when no frame
     * has arrived since the drops, unlike {@code SO_RXQ_OVFL}, which travels with the next queued frame.
     */
    static long socketDrops(final int fd) throws CanException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment info = arena.allocate(JAVA_INT, LinuxCan.SK_MEMINFO_VARS());
            Syscalls.getsockopt(fd, SOL_SOCKET, LinuxCan.SO_MEMINFO(), info, "SO_MEMINFO");
            return info.getAtIndex(JAVA_INT, LinuxCan.SK_MEMINFO_DROPS()) & 0xFFFF_FFFFL;
        }
    }

    /** Bytes still queued for transmission ({@code SIOCOUTQ}). */
    static int outputQueueBytes(final int fd, final String name) throws CanException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Syscalls.newCallState(arena);
            final MemorySegment value = arena.allocate(JAVA_INT);
            if (Syscalls.ioctl(state, fd, LinuxCan.SIOCOUTQ(), value) < 0)
            {
                throw org.panacan.sys.SyscallException.of("ioctl(SIOCOUTQ)", Syscalls.errno(state), name);
            }
            return value.get(JAVA_INT, 0);
        }
    }
}
