package org.panacan.benchmarks.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.FrameBatch;

/**
 * The Java floor ({@link FfmReceiver}) taking turns with panacan's drain inside panacan's own JVM: before each
 * iteration (after the C turn of {@link InterleavedReference}), it fills and drains queues of its own on the
 * references' interface for as long as the iteration lasts. Measurement turns go to {@code refs.txt} as
 * {@code ffm-floor-drain-interleaved}; warm-up turns only compile its code, as warm-up iterations compile panacan's.
 *
 * <p>Why: a floor measured in a fork of its own measures that fork too. In the test VM one JVM instance drains up to
 * 5 % faster or slower than the next (the emulator's speed differs per instance), as much as the difference between
 * panacan and the floor; in one JVM both sample the same instance, so their ratio is panacan's own cost.
 *
 * <p>Its socket is open during its turns only: between them the C references fill the same interface.
 */
final class InterleavedFloor implements AutoCloseable
{
    private final CanBus filler;
    private final FrameBatch batch;
    private long checksum;
    private int runs;

    InterleavedFloor() throws CanException
    {
        filler = Buses.sender(InterleavedReference.interfaceName());
        batch = Buses.batch(filler, 64);
    }

    /** Before each iteration: drains for the iteration's duration; records the rate of a measurement's turn. */
    void beforeIteration(final IterationParams iteration) throws CanException
    {
        final long nanos = iteration.getTime().convertTo(TimeUnit.NANOSECONDS);
        final long[] measured;
        final int drops;
        try (FfmReceiver receiver = new FfmReceiver(InterleavedReference.interfaceName(), Buses.RECEIVE_BUFFER))
        {
            measured = DrainRounds.run(nanos, () -> Buses.fill(filler, batch, Buses.QUEUED_FRAMES),
                () -> receiver.drain(Buses.QUEUED_FRAMES));
            checksum += receiver.checksum;
            drops = receiver.drops();
        }
        if (drops != 0)
        {
            throw new IllegalStateException("the floor's socket dropped " + drops + " frames");
        }
        if (iteration.getType() == IterationType.MEASUREMENT)
        {
            record(measured);
        }
    }

    /** Appends the turn's RESULT line; built without a formatter, whose first use would allocate in the iteration. */
    private void record(final long[] measured)
    {
        final StringBuilder result = new StringBuilder("RESULT name=ffm-floor-drain-interleaved frames_per_s=")
            .append(Math.round(measured[0] * 1e9 / measured[1])).append(" frames=").append(measured[0])
            .append(" checksum=").append(checksum);
        try
        {
            InterleavedReference.record(result.toString(), ++runs);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        Buses.close(filler);
    }
}
