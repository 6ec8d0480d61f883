package org.panacan.benchmarks.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.panacan.benchmarks.BenchFrames;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_frame;
import org.panacan.bindings.gen.iovec;
import org.panacan.bindings.gen.mmsghdr;
import org.panacan.bindings.gen.msghdr;

/**
 * The JVM's floor for draining a socket: the C drain's loop ({@code drain.c}, recvmmsg(64), SO_TIMESTAMPNS and
 * SO_RXQ_OVFL) written in Java over the generated bindings, with nothing of panacan's between the system call and
 * the checksum: one fixed batch of buffers, no ring, no errno capture, no frame view. What panacan's drain costs
 * beyond this is panacan's; what this costs beyond the C program is the JVM's (the FFM downcall, Java's bounds
 * checks), which no library on it can avoid.
 *
 * <p>Benchmark code only ({@link FfmSockets}).
 */
final class FfmReceiver implements AutoCloseable
{
    static final int BATCH = 64;
    private static final int CONTROL_LENGTH = 128;
    private static final int FRAME_LENGTH = FfmSockets.FRAME_SIZE;
    private static final long DATA_OFFSET = can_frame.data$offset();
    /** {@code sizeof(struct cmsghdr)}: cmsg_len (8 bytes), cmsg_level, cmsg_type; CMSG_DATA follows. */
    private static final int CMSG_HEADER = 16;
    private static final long MMSGHDR = mmsghdr.layout().byteSize();
    private static final long CONTROLLEN = mmsghdr.msg_hdr$offset() + msghdr.msg_controllen$offset();
    private static final int SOL_SOCKET = LinuxCan.SOL_SOCKET();
    private static final int SCM_TIMESTAMPNS = LinuxCan.SCM_TIMESTAMPNS();
    private static final int SO_RXQ_OVFL = LinuxCan.SO_RXQ_OVFL();
    private static final int MSG_DONTWAIT = LinuxCan.MSG_DONTWAIT();

    private final Arena arena = Arena.ofConfined();
    private final int fd;
    private final MemorySegment messages = arena.allocate(MMSGHDR * BATCH, 8);
    private final MemorySegment frames = arena.allocate((long)FRAME_LENGTH * BATCH, 8);
    private final MemorySegment controls = arena.allocate((long)CONTROL_LENGTH * BATCH, 8);
    long checksum;
    /** The last receive timestamp, as drain.c keeps it (written, never read: the same work as C). */
    private long lastStamp;
    private int drops;

    /** A CAN_RAW socket on the benchmark interface with a {@code receiveBuffer}-byte queue and control messages. */
    FfmReceiver(final int receiveBuffer)
    {
        this(BenchFrames.interfaceName(), receiveBuffer);
    }

    /** The same on interface {@code interfaceName}. */
    FfmReceiver(final String interfaceName, final int receiveBuffer)
    {
        fd = FfmSockets.open(arena, interfaceName);
        FfmSockets.setInt(arena, fd, LinuxCan.SO_RCVBUFFORCE(), receiveBuffer);
        FfmSockets.setInt(arena, fd, LinuxCan.SO_TIMESTAMPNS(), 1);
        FfmSockets.setInt(arena, fd, LinuxCan.SO_RXQ_OVFL(), 1);
        final MemorySegment iovecs = iovec.allocateArray(BATCH, arena);
        for (int i = 0; i < BATCH; i++)
        {
            final MemorySegment iov = iovec.asSlice(iovecs, i);
            iovec.iov_base(iov, frames.asSlice((long)FRAME_LENGTH * i, FRAME_LENGTH));
            iovec.iov_len(iov, FRAME_LENGTH);
            final MemorySegment header = mmsghdr.msg_hdr(messages.asSlice(MMSGHDR * i, MMSGHDR));
            msghdr.msg_iov(header, iov);
            msghdr.msg_iovlen(header, 1);
            msghdr.msg_control(header, controls.asSlice((long)CONTROL_LENGTH * i, CONTROL_LENGTH));
        }
    }

    /**
     * One recvmmsg of up to {@code want} frames without waiting; per frame, as drain.c: adds the id and first data
     * byte to the checksum and walks the control messages for the timestamp and the drop counter.
     */
    int receive(final int want)
    {
        for (int i = 0; i < want; i++)
        {
            messages.set(JAVA_LONG, MMSGHDR * i + CONTROLLEN, CONTROL_LENGTH);
        }
        final int received = LinuxCan.recvmmsg(fd, messages, want, MSG_DONTWAIT, MemorySegment.NULL);
        for (int i = 0; i < received; i++)
        {
            final long frame = (long)FRAME_LENGTH * i;
            checksum += frames.get(JAVA_INT, frame) + frames.get(JAVA_BYTE, frame + DATA_OFFSET);
            readControls(i);
        }
        return received;
    }

    /** Receives exactly {@code frames} queued frames in batches of {@value #BATCH}; the checksum so far. */
    long drain(final int frames)
    {
        int received = 0;
        while (received < frames)
        {
            final int count = receive(Math.min(BATCH, frames - received));
            if (count <= 0)
            {
                throw new IllegalStateException("only " + received + " of " + frames + " frames came");
            }
            received += count;
        }
        return checksum;
    }

    /** The CMSG_FIRSTHDR / CMSG_NXTHDR walk over message {@code i}'s control messages. */
    private void readControls(final int i)
    {
        long cursor = (long)CONTROL_LENGTH * i;
        final long end = cursor + messages.get(JAVA_LONG, MMSGHDR * i + CONTROLLEN);
        while (cursor + CMSG_HEADER <= end)
        {
            final long length = controls.get(JAVA_LONG, cursor);
            if (controls.get(JAVA_INT, cursor + 8) == SOL_SOCKET)
            {
                final int type = controls.get(JAVA_INT, cursor + 12);
                if (type == SCM_TIMESTAMPNS)
                {
                    lastStamp = controls.get(JAVA_LONG, cursor + CMSG_HEADER) * 1_000_000_000L
                        + controls.get(JAVA_LONG, cursor + CMSG_HEADER + 8);
                }
                else if (type == SO_RXQ_OVFL)
                {
                    drops = controls.get(JAVA_INT, cursor + CMSG_HEADER);
                }
            }
            if (length < CMSG_HEADER)
            {
                return;
            }
            cursor += (length + 7) & ~7L;
        }
    }

    /** Frames the socket dropped, as SO_RXQ_OVFL last reported (0 while it reported none). */
    int drops()
    {
        return drops;
    }

    @Override
    public void close()
    {
        LinuxCan.close(fd);
        arena.close();
    }
}
