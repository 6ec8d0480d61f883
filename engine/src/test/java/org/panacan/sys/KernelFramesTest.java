package org.panacan.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.can_frame;
import org.panacan.bindings.gen.canfd_frame;

/** Frames are encoded exactly as the generated kernel structs describe them. */
class KernelFramesTest
{
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(72, 8);

    @AfterEach
    void close()
    {
        arena.close();
    }

    @Test
    void classicFrameFields()
    {
        final int size = KernelFrames.write(buffer, 0, 0x123, 0, 0, new byte[] {1, 2}, 0, 2);
        assertEquals(16, size);
        assertEquals(0x123, can_frame.can_id(buffer));
        assertEquals(2, can_frame.len(buffer));
        assertEquals(0, can_frame.len8_dlc(buffer));
        assertEquals(2, buffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, can_frame.data$offset() + 1));
    }

    @Test
    void extendedRemoteAndLen8DlcBits()
    {
        KernelFrames.write(buffer, 0, 0x1ABCDEF, FrameFlags.EXTENDED, 0xD, new byte[8], 0, 8);
        assertEquals(0x1ABCDEF | LinuxCan.CAN_EFF_FLAG(), can_frame.can_id(buffer));
        assertEquals(0xD, can_frame.len8_dlc(buffer));

        KernelFrames.write(buffer, 0, 0x10, FrameFlags.REMOTE, 0, new byte[0], 0, 3);
        assertEquals(0x10 | LinuxCan.CAN_RTR_FLAG(), can_frame.can_id(buffer));
        assertEquals(3, can_frame.len(buffer));
    }

    @Test
    void fdFrameFlagsAndSize()
    {
        final int size = KernelFrames.write(buffer, 0, CanFrame.fd(0x7, FrameFlags.BRS | FrameFlags.ESI, new byte[12]));
        assertEquals(72, size);
        assertEquals(12, canfd_frame.len(buffer));
        assertEquals(LinuxCan.CANFD_BRS() | LinuxCan.CANFD_ESI(), canfd_frame.flags(buffer));
        assertEquals(0, canfd_frame.__res1(buffer), "reserved bytes are zero");
    }
}
