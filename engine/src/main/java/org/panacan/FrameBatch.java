package org.panacan;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import org.panacan.sys.KernelFrames;

/**
 * A reusable, off-heap batch of frames for {@link CanBus#send(FrameBatch, long)}: one {@code sendmmsg} for all of
 * them. Made by {@link CanBus#newBatch(int)} and freed with its bus. Frames are validated and encoded when added,
 * so a batch that holds them can be sent. Not thread-safe.
 */
public final class FrameBatch
{
    private final MemorySegment frames;
    private final int capacity;
    private final boolean fdAllowed;
    private final int[] sizes;
    private int count;

    /** Called by bus implementations; users get batches from {@link CanBus#newBatch(int)}. */
    public FrameBatch(final Arena arena, final int capacity, final boolean fdAllowed)
    {
        if (capacity < 1 || capacity > BusConfig.MAX_BATCH_SIZE)
        {
            throw new IllegalArgumentException("batch capacity " + capacity + " is outside 1.."
                + BusConfig.MAX_BATCH_SIZE);
        }
        this.capacity = capacity;
        this.fdAllowed = fdAllowed;
        this.frames = arena.allocate((long)capacity * KernelFrames.CANFD_MTU, 8);
        this.sizes = new int[capacity];
    }

    /** Appends a frame from a byte-array slice (validated like every send). */
    public FrameBatch add(final int id, final int flags, final byte[] data, final int offset, final int length)
    {
        check(id, flags, length, 0);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            Objects.checkFromIndexSize(offset, length, data.length);
        }
        sizes[count] = KernelFrames.write(frames, frameOffset(count), id, flags, 0, data, offset, length);
        count++;
        return this;
    }

    /** Appends a copy of {@code frame}. */
    public FrameBatch add(final ReadableFrame frame)
    {
        check(frame.id(), frame.flags() & FrameFlags.WIRE_MASK, frame.length(), frame.len8Dlc());
        sizes[count] = KernelFrames.write(frames, frameOffset(count), frame);
        count++;
        return this;
    }

    private void check(final int id, final int flags, final int length, final int len8Dlc)
    {
        if (count == capacity)
        {
            throw new IllegalStateException("batch is full (" + capacity + " frames)");
        }
        if ((flags & FrameFlags.ERROR) == 0)
        {
            FrameRules.check(id, flags, length, len8Dlc);
        }
        if ((flags & FrameFlags.FD) != 0 && !fdAllowed)
        {
            throw new IllegalArgumentException("CAN FD frame in a batch for a classic CAN bus (open it with fd(true))");
        }
    }

    /** Removes every frame. */
    public void clear()
    {
        count = 0;
    }

    /** Frames in the batch. */
    public int size()
    {
        return count;
    }

    public int capacity()
    {
        return capacity;
    }

    public boolean isEmpty()
    {
        return count == 0;
    }

    /** The encoded frames ({@code struct canfd_frame}-sized strides). For bus implementations. */
    public MemorySegment frames()
    {
        return frames;
    }

    /** Offset of frame {@code index} in {@link #frames()}. */
    public long frameOffset(final int index)
    {
        return (long)index * KernelFrames.CANFD_MTU;
    }

    /** Size of frame {@code index} on the socket: 16 or 72 bytes. */
    public int frameSize(final int index)
    {
        return sizes[Objects.checkIndex(index, count)];
    }
}
