package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panacan.NoSuchInterfaceException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_filter;
import org.panacan.bindings.gen.can_frame;
import org.panacan.bindings.gen.canfd_frame;
import org.panacan.bindings.gen.sockaddr_can;
import org.panacan.testing.RequiresSocketCan;
import org.panacan.testing.SocketCanTest;

/** The syscall layer and the generated bindings against the real kernel, below the bus API. */
@SocketCanTest
class RawSocketSyscallTest
{
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = Syscalls.newCallState(arena);
    private int sender = -1;
    private int receiver = -1;

    @BeforeEach
    void openSockets() throws Exception
    {
        sender = openBound(RequiresSocketCan.VCAN0);
        receiver = openBound(RequiresSocketCan.VCAN0);
    }

    @AfterEach
    void closeSockets()
    {
        Syscalls.close(sender);
        Syscalls.close(receiver);
        arena.close();
    }

    @Test
    void classicFrameCrossesTheBusByteForByte()
    {
        final MemorySegment out = arena.allocate(can_frame.layout());
        can_frame.can_id(out, 0x123);
        can_frame.len(out, (byte)8);
        final byte[] payload = {(byte)0xDE, (byte)0xAD, (byte)0xBE, (byte)0xEF, 1, 2, 3, 4};
        MemorySegment.copy(payload, 0, out, JAVA_BYTE, can_frame.data$offset(), 8);

        assertEquals(16, Syscalls.write(state, sender, out, 16));
        final MemorySegment in = arena.allocate(can_frame.layout());
        assertEquals(16, readBlocking(receiver, in));

        assertArrayEquals(out.toArray(JAVA_BYTE), in.toArray(JAVA_BYTE));
    }

    @Test
    void sixtyFourByteFdFrameCrossesTheBusByteForByte() throws Exception
    {
        enableFd(sender);
        enableFd(receiver);
        final MemorySegment out = arena.allocate(canfd_frame.layout());
        canfd_frame.can_id(out, 0x1234_5678 | LinuxCan.CAN_EFF_FLAG());
        canfd_frame.len(out, (byte)64);
        canfd_frame.flags(out, (byte)LinuxCan.CANFD_BRS());
        for (int i = 0; i < 64; i++)
        {
            out.set(JAVA_BYTE, canfd_frame.data$offset() + i, (byte)(i * 3 + 1));
        }

        assertEquals(72, Syscalls.write(state, sender, out, 72));
        final MemorySegment in = arena.allocate(canfd_frame.layout());
        assertEquals(72, readBlocking(receiver, in));

        assertEquals(canfd_frame.can_id(out), canfd_frame.can_id(in));
        assertEquals(64, canfd_frame.len(in));
        assertEquals(LinuxCan.CANFD_BRS(), canfd_frame.flags(in) & LinuxCan.CANFD_BRS());
        assertArrayEquals(out.asSlice(8, 64).toArray(JAVA_BYTE), in.asSlice(8, 64).toArray(JAVA_BYTE));
    }

    @Test
    void rawFilterDropsFramesThatDoNotMatch() throws Exception
    {
        final MemorySegment filter = arena.allocate(can_filter.layout());
        can_filter.can_id(filter, 0x100);
        can_filter.can_mask(filter, LinuxCan.CAN_SFF_MASK());
        Syscalls.setsockopt(receiver, LinuxCan.SOL_CAN_RAW(), LinuxCan.CAN_RAW_FILTER(), filter, "CAN_RAW_FILTER");

        send(0x200);
        send(0x100);

        final MemorySegment in = arena.allocate(can_frame.layout());
        assertEquals(16, readBlocking(receiver, in));
        assertEquals(0x100, can_frame.can_id(in), "the first frame that arrives is the one the filter passes");
        assertEquals(-1, Syscalls.read(state, receiver, in, 16), "nothing else is queued");
        assertEquals(Errno.EAGAIN, Syscalls.errno(state));
    }

    @Test
    void oneRecvmmsgCallReturnsABatchOfSeveralFrames()
    {
        for (int i = 0; i < 8; i++)
        {
            send(0x10 + i);
        }
        final MessageVector vector = new MessageVector(arena, 16, false, false);
        final MemorySegment frames = arena.allocate(16 * 16, 8);
        for (int i = 0; i < 16; i++)
        {
            vector.setBuffer(i, frames, i * 16L, 16);
        }
        waitReadable(receiver);

        final int received = vector.receive(state, receiver, 16, LinuxCan.MSG_DONTWAIT());

        assertEquals(8, received, "all 8 queued frames in one call");
        for (int i = 0; i < 8; i++)
        {
            assertEquals(16, vector.length(i));
            assertEquals(0x10 + i, can_frame.can_id(frames.asSlice(i * 16L, 16)));
        }
    }

    @Test
    void bindingToAMissingInterfaceNamesIt()
    {
        final NoSuchInterfaceException failure =
            assertThrows(NoSuchInterfaceException.class, () -> Syscalls.interfaceIndex("vcan99"));

        assertEquals("vcan99", failure.interfaceName());
        assertTrue(failure.getMessage().contains("vcan99"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ENODEV"), failure.getMessage());
    }

    private void send(final int canId)
    {
        final MemorySegment out = arena.allocate(can_frame.layout());
        can_frame.can_id(out, canId);
        can_frame.len(out, (byte)1);
        assertEquals(16, Syscalls.write(state, sender, out, 16));
    }

    private int openBound(final String name) throws Exception
    {
        final int fd = Syscalls.socket(LinuxCan.PF_CAN(), LinuxCan.SOCK_RAW() | LinuxCan.SOCK_NONBLOCK(),
            LinuxCan.CAN_RAW(), "test socket");
        final MemorySegment address = arena.allocate(sockaddr_can.layout());
        sockaddr_can.can_family(address, (short)LinuxCan.AF_CAN());
        sockaddr_can.can_ifindex(address, Syscalls.interfaceIndex(name));
        Syscalls.bind(fd, address, name);
        return fd;
    }

    private static void enableFd(final int fd) throws Exception
    {
        Syscalls.setsockopt(fd, LinuxCan.SOL_CAN_RAW(), LinuxCan.CAN_RAW_FD_FRAMES(), 1, "CAN_RAW_FD_FRAMES");
    }

    private int readBlocking(final int fd, final MemorySegment into)
    {
        waitReadable(fd);
        return (int)Syscalls.read(state, fd, into, into.byteSize());
    }

    private void waitReadable(final int fd)
    {
        try (ReadinessWaiter waiter = new ReadinessWaiter(arena, fd))
        {
            assertTrue(waiter.await(5_000_000_000L) != 0, "socket became readable within 5 s");
        }
        catch (final org.panacan.CanException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
