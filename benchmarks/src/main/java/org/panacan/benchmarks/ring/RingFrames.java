package org.panacan.benchmarks.ring;

import static org.panacan.ring.FrameRingDescriptor.SLOT_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.benchmarks.BenchFrames;
import org.panacan.ring.FrameRing;
import org.panacan.ring.FrameRingDescriptor;
import org.panacan.sys.KernelFrames;

/**
 * The rings under comparison, each moving the same received frame from a producer to a consumer that reads its id
 * and first data word. The frame is what the receiver stores per frame: the kernel's can_frame (16 bytes), the
 * timestamp, the interface index, the direction/source bits and the frame size (32 bytes in all):
 * <ul>
 * <li>panacan's {@link FrameRing}: the producer writes the frame into its slot and commits it with one release
 * (no wake check: these consumers never park, and neither Agrona's nor JCTools' consumers can; the engine's
 * receiver pays the check, one full fence, once per recvmmsg batch); the consumer drains through a
 * {@link FrameView};</li>
 * <li>Agrona's {@link OneToOneRingBuffer}: {@code tryClaim} / {@code commit} of a 32-byte message written in place,
 * read with a {@link MessageHandler};</li>
 * <li>JCTools' {@link SpscArrayQueue}: the producer writes the frame into the next object of a preallocated pool
 * (one more than the queue holds, so that the consumer never sees an object being rewritten) and offers its
 * reference (how a zero-allocation frame queue on JCTools looks);</li>
 * <li>for reference, JCTools moving one constant reference and no frame at all: the floor of any queue.</li>
 * </ul>
 * Each holds {@value #CAPACITY} frames.
 */
final class RingFrames
{
    static final int CAPACITY = 4096;
    /** Frames a consumer takes per call at most. */
    static final int DRAIN_LIMIT = 64;

    static final long HEADER = (BenchFrames.ID & 0xFFFF_FFFFL) | (8L << 32); // can_id, len = 8
    static final long DATA = 0x8877_6655_4433_2211L;
    private static final long TIMESTAMP = 1_700_000_000_000_000_000L;

    private RingFrames()
    {
    }

    /** The frame JCTools moves (by reference), as mutable as a pooled frame has to be. */
    static final class Frame
    {
        long header;
        long data;
        long timestamp;
        int ifindex;
        short meta;
        short size;
    }

    /** panacan's ring, its producer steps and a consumer that sums what it reads. */
    static final class Panacan
    {
        final Arena arena = Arena.ofShared();
        final FrameRing ring = new FrameRing(arena, CAPACITY, FrameRingDescriptor.CAN_MTU);
        final FrameView view = new FrameView();
        long sum;
        final FrameHandler handler = this::consume;

        private void consume(final FrameView frame)
        {
            sum += frame.rawCanId() + frame.dataInt(0);
        }

        /**
         * Writes one frame into the slot of sequence {@code sequence} (two stores standing in for the kernel's copy
         * in recvmmsg, through the ring's segment as the virtual bus copies), then its header as the receiver does.
         */
        void write(final long sequence)
        {
            final MemorySegment slots = ring.slots();
            final long frame = ring.slotOffset(sequence) + FrameRingDescriptor.FRAME_OFFSET;
            slots.set(SLOT_LONG, frame + KernelFrames.CAN_ID_OFFSET, HEADER);
            slots.set(SLOT_LONG, frame + KernelFrames.DATA_OFFSET, DATA);
            ring.writeHeader(sequence, TIMESTAMP, 3, 1, FrameRingDescriptor.CAN_MTU);
        }

        /** Offers one frame with one release and no wake check; false when the ring is full. */
        boolean offer()
        {
            return offer(false);
        }

        /** Offers one frame with the wake check of a parking consumer (one full fence); false when full. */
        boolean offerWaking()
        {
            return offer(true);
        }

        private boolean offer(final boolean wake)
        {
            if (ring.claimable(1) == 0)
            {
                return false;
            }
            write(ring.tail());
            if (wake)
            {
                ring.publish(1);
            }
            else
            {
                ring.commit(1);
            }
            return true;
        }

        /** Claims, writes and commits up to {@code count} frames with one release; returns how many. */
        int offerBatch(final int count)
        {
            final int claimed = ring.claimable(count);
            final long tail = ring.tail();
            for (int i = 0; i < claimed; i++)
            {
                write(tail + i);
            }
            if (claimed > 0)
            {
                ring.commit(claimed);
            }
            return claimed;
        }

        int poll(final int limit)
        {
            return ring.drain(view, handler, limit);
        }

        void close()
        {
            arena.close();
        }
    }

    /** Agrona's one-to-one ring buffer with 40-byte records (8-byte record header + the 32-byte frame). */
    static final class Agrona
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(CAPACITY * 64 + RingBufferDescriptor.TRAILER_LENGTH)));
        final UnsafeBuffer buffer = (UnsafeBuffer)ring.buffer();
        long sum;
        final MessageHandler handler = this::consume;

        private void consume(final int type, final MutableDirectBuffer frames, final int index, final int length)
        {
            sum += frames.getInt(index) + frames.getInt(index + 8);
        }

        boolean offer()
        {
            final int index = ring.tryClaim(1, 32);
            if (index < 0)
            {
                return false;
            }
            buffer.putLong(index, HEADER);
            buffer.putLong(index + 8, DATA);
            buffer.putLong(index + 16, TIMESTAMP);
            buffer.putInt(index + 24, 3);
            buffer.putShort(index + 28, (short)1);
            buffer.putShort(index + 30, (short)FrameRingDescriptor.CAN_MTU);
            ring.commit(index);
            return true;
        }

        int poll(final int limit)
        {
            return ring.read(handler, limit);
        }
    }

    /** JCTools' single-producer single-consumer array queue of pooled frames. */
    static class JcTools
    {
        final SpscArrayQueue<Frame> queue = new SpscArrayQueue<>(CAPACITY);
        /**
         * Two more frames than the queue holds: a successful offer of frame n means the consumer has removed frame
         * n - capacity (its slot was free), so it is done with frame n - capacity - 1, the one rewritten next.
         */
        final Frame[] pool = new Frame[queue.capacity() + 2];
        int next;
        long sum;
        final MessagePassingQueue.Consumer<Frame> consumer = this::consume;

        JcTools()
        {
            Arrays.setAll(pool, i -> new Frame());
        }

        private void consume(final Frame received)
        {
            sum += (int)received.header + (int)received.data;
        }

        boolean offer()
        {
            final Frame frame = pool[next];
            frame.header = HEADER;
            frame.data = DATA;
            frame.timestamp = TIMESTAMP;
            frame.ifindex = 3;
            frame.meta = 1;
            frame.size = (short)FrameRingDescriptor.CAN_MTU;
            if (!queue.offer(frame))
            {
                return false; // full; the frame is rewritten by the next attempt
            }
            next = next + 1 == pool.length ? 0 : next + 1;
            return true;
        }

        int poll(final int limit)
        {
            return queue.drain(consumer, limit);
        }
    }

    /** JCTools moving one constant reference: no frame is written or read, the floor of any queue. */
    static final class JcToolsReference extends JcTools
    {
        private final Frame constant = new Frame();

        @Override
        boolean offer()
        {
            return queue.offer(constant);
        }
    }
}
