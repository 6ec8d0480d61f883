package org.panacan.benchmarks.codec;


import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panacan.CanFrame;
import org.panacan.FrameBatch;
import org.panacan.FrameView;
import org.panacan.benchmarks.BenchFrames;
import org.panacan.ring.FrameRingDescriptor;
import org.panacan.sys.KernelFrames;

/**
 * Frame encode (application data to the kernel's can_frame) and decode (a received slot to the fields an
 * application reads), beside JavaCAN's equivalents. The zero-allocation paths: {@code encode} (what every send
 * does), {@code encodeBatch} (validated add to a sendmmsg batch), {@code decodeView} (the FrameView a handler gets);
 * the convenience paths that allocate: {@code encodeCanFrame}, {@code decodeCopy}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class FrameCodecBenchmark
{
    @State(Scope.Thread)
    public static class Buffers
    {
        Arena arena;
        MemorySegment frame;
        MemorySegment slot;
        FrameBatch batch;
        final FrameView view = new FrameView();
        final byte[] data = new byte[8];
        ByteBuffer javaCanBuffer;

        @Setup(Level.Trial)
        public void open()
        {
            arena = Arena.ofConfined();
            frame = arena.allocate(KernelFrames.CANFD_MTU, 8);
            slot = arena.allocate(FrameRingDescriptor.slotLength(FrameRingDescriptor.CAN_MTU), 16);
            KernelFrames.write(slot, FrameRingDescriptor.FRAME_OFFSET, BenchFrames.ID, 0, 0, BenchFrames.PAYLOAD, 0,
                BenchFrames.PAYLOAD.length);
            slot.set(java.lang.foreign.ValueLayout.JAVA_SHORT, FrameRingDescriptor.FRAME_SIZE_OFFSET,
                (short)FrameRingDescriptor.CAN_MTU);
            batch = new FrameBatch(arena, 1, false);
            javaCanBuffer = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            MemorySegment.copy(slot, FrameRingDescriptor.FRAME_OFFSET, MemorySegment.ofBuffer(javaCanBuffer), 0, 16);
        }

        @TearDown(Level.Trial)
        public void close()
        {
            arena.close();
        }
    }

    @Benchmark
    public int encode(final Buffers buffers)
    {
        return KernelFrames.write(buffers.frame, 0, BenchFrames.ID, 0, 0, BenchFrames.PAYLOAD, 0,
            BenchFrames.PAYLOAD.length);
    }

    @Benchmark
    public int encodeBatch(final Buffers buffers)
    {
        buffers.batch.clear();
        return buffers.batch.add(BenchFrames.ID, 0, BenchFrames.PAYLOAD, 0, BenchFrames.PAYLOAD.length).size();
    }

    @Benchmark
    public CanFrame encodeCanFrame()
    {
        return CanFrame.of(BenchFrames.ID, BenchFrames.PAYLOAD);
    }

    @Benchmark
    public long decodeView(final Buffers buffers)
    {
        final FrameView view = buffers.view.wrap(buffers.slot, 0);
        return view.id() + view.flags() + view.length() + view.copyData(buffers.data, 0) + buffers.data[7]
            + view.timestampNanos();
    }

    @Benchmark
    public CanFrame decodeCopy(final Buffers buffers)
    {
        return buffers.view.wrap(buffers.slot, 0).toFrame();
    }

    @Benchmark
    public tel.schich.javacan.CanFrame javaCanEncode()
    {
        return tel.schich.javacan.CanFrame.create(BenchFrames.ID, tel.schich.javacan.CanFrame.FD_NO_FLAGS,
            BenchFrames.PAYLOAD);
    }

    @Benchmark
    public long javaCanDecode(final Buffers buffers)
    {
        buffers.javaCanBuffer.clear().limit(16);
        final tel.schich.javacan.CanFrame frame = tel.schich.javacan.CanFrame.create(buffers.javaCanBuffer);
        frame.getData(buffers.data, 0, frame.getDataLength());
        return frame.getId() + frame.getFlags() + frame.getDataLength() + buffers.data[7];
    }
}
