package org.panacan.benchmarks.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.FrameBatch;
import org.panacan.TimestampMode;
import org.panacan.benchmarks.BenchFrames;

import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.RawCanChannel;

/** Opening the sockets of the kernel benchmarks the same way for panacan and JavaCAN. */
final class Buses
{
    /** Frames pre-queued per receive invocation; needs {@link #RECEIVE_BUFFER} bytes of socket buffer. */
    static final int QUEUED_FRAMES = 8192;
    /** Socket receive buffer for the drain benchmarks (the kernel doubles it): far more than QUEUED_FRAMES take. */
    static final int RECEIVE_BUFFER = 32 << 20;

    private Buses()
    {
    }

    /** A panacan bus on the benchmark interface with the default configuration, adjusted by {@code config}. */
    static CanBus open(final java.util.function.UnaryOperator<BusConfig.Builder> config) throws CanException
    {
        return open(BenchFrames.interfaceName(), config);
    }

    /** A panacan bus on interface {@code interfaceName}, the default configuration adjusted by {@code config}. */
    static CanBus open(final String interfaceName, final java.util.function.UnaryOperator<BusConfig.Builder> config)
        throws CanException
    {
        return CanBus.open(config.apply(BusConfig.socketCan(interfaceName)).build());
    }

    /** A panacan bus that receives nothing (a sender or filler, so that no queue fills behind it). */
    static CanBus sender() throws CanException
    {
        return sender(BenchFrames.interfaceName());
    }

    /** The same on interface {@code interfaceName}. */
    static CanBus sender(final String interfaceName) throws CanException
    {
        return open(interfaceName, b -> b.filters(CanFilter.standard(BenchFrames.UNUSED_ID, 0x7FF)).errorMask(0)
            .timestamps(TimestampMode.NONE));
    }

    /** A batch of {@code size} benchmark frames on {@code bus}. */
    static FrameBatch batch(final CanBus bus, final int size) throws CanException
    {
        final FrameBatch batch = bus.newBatch(size);
        for (int i = 0; i < size; i++)
        {
            batch.add(BenchFrames.ID, 0, BenchFrames.PAYLOAD, 0, BenchFrames.PAYLOAD.length);
        }
        return batch;
    }

    /** Sends {@code frames} benchmark frames through {@code filler} with sendmmsg batches; allocates nothing. */
    static void fill(final CanBus filler, final FrameBatch batch, final int frames) throws CanException
    {
        if (frames % batch.size() != 0)
        {
            throw new IllegalArgumentException(frames + " is not a multiple of " + batch.size());
        }
        for (int sent = 0; sent < frames; sent += batch.size())
        {
            filler.send(batch, BenchFrames.TIMEOUT_NANOS);
        }
    }

    /** A blocking JavaCAN raw channel on the benchmark interface; reads time out after 2 s instead of hanging. */
    static RawCanChannel javaCan(final boolean receive)
    {
        try
        {
            final RawCanChannel channel = CanChannels.newRawChannel(BenchFrames.interfaceName());
            channel.setOption(CanSocketOptions.SO_RCVTIMEO, Duration.ofSeconds(2));
            if (!receive)
            {
                channel.setOption(CanSocketOptions.FILTER, new tel.schich.javacan.CanFilter[] {
                    tel.schich.javacan.CanFilter.NONE});
            }
            return channel;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** A direct buffer for one classic frame, in native order, as JavaCAN wants it. */
    static ByteBuffer javaCanBuffer()
    {
        return RawCanChannel.allocateSufficientMemory();
    }

    static void close(final AutoCloseable closeable)
    {
        if (closeable != null)
        {
            try
            {
                closeable.close();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }
}
