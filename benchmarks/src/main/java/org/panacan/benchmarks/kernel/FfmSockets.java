package org.panacan.benchmarks.kernel;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.panacan.benchmarks.BenchFrames;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_frame;
import org.panacan.bindings.gen.sockaddr_can;
import org.panacan.bindings.gen.timeval;

/**
 * CAN_RAW sockets opened straight through the generated bindings, for the Java floors ({@link FfmReceiver},
 * {@code PingPongBenchmark.ffmFloor}): the C references' code in plain Java, with nothing of panacan's. Benchmark
 * code only; the library's sockets go through its own syscall layer.
 */
final class FfmSockets
{
    /** {@code sizeof(struct can_frame)}: what the floors' sockets read and write (no CAN FD). */
    static final int FRAME_SIZE = (int)can_frame.layout().byteSize();

    private FfmSockets()
    {
    }

    /** A blocking CAN_RAW socket bound to the benchmark interface ({@code arena} holds its address). */
    static int open(final Arena arena)
    {
        return open(arena, BenchFrames.interfaceName());
    }

    /** A blocking CAN_RAW socket bound to interface {@code name}. */
    static int open(final Arena arena, final String name)
    {
        final int index = LinuxCan.if_nametoindex(arena.allocateFrom(name));
        if (index == 0) // binding to ifindex 0 would receive from every CAN interface, the C turns' vcan1 too
        {
            throw new IllegalStateException("no CAN interface " + name);
        }
        final int fd = check(LinuxCan.socket(LinuxCan.PF_CAN(), LinuxCan.SOCK_RAW(), LinuxCan.CAN_RAW()), "socket");
        final MemorySegment address = sockaddr_can.allocate(arena);
        sockaddr_can.can_family(address, (short)LinuxCan.AF_CAN());
        sockaddr_can.can_ifindex(address, index);
        if (LinuxCan.bind(fd, address, (int)address.byteSize()) < 0)
        {
            LinuxCan.close(fd);
            throw new IllegalStateException("bind to " + name + " failed");
        }
        return fd;
    }

    /** setsockopt(SOL_SOCKET, option, value). */
    static void setInt(final Arena arena, final int fd, final int option, final int value)
    {
        final MemorySegment holder = arena.allocateFrom(JAVA_INT, value);
        check(LinuxCan.setsockopt(fd, LinuxCan.SOL_SOCKET(), option, holder, (int)JAVA_INT.byteSize()),
            "setsockopt " + option);
    }

    /** SO_RCVTIMEO: a blocking read gives up after {@code seconds} instead of hanging. */
    static void setReceiveTimeout(final Arena arena, final int fd, final long seconds)
    {
        final MemorySegment time = timeval.allocate(arena);
        timeval.tv_sec(time, seconds);
        check(LinuxCan.setsockopt(fd, LinuxCan.SOL_SOCKET(), LinuxCan.SO_RCVTIMEO(), time, (int)time.byteSize()),
            "setsockopt SO_RCVTIMEO");
    }

    private static int check(final int result, final String call)
    {
        if (result < 0)
        {
            throw new IllegalStateException(call + " failed");
        }
        return result;
    }
}
