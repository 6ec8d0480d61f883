package org.panacan.bcm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;

/** Periodic tasks on the virtual bus: panacan's software scheduler, with the kernel's semantics. */
class SoftwarePeriodicTaskTest extends PeriodicTaskContract
{
    private final String channel = "bcm-" + UUID.randomUUID();

    @Override
    CanBus openSender() throws Exception
    {
        return CanBus.open(BusConfig.virtual(channel).fd(true).build());
    }

    @Override
    CanBus openReceiver() throws Exception
    {
        return CanBus.open(BusConfig.virtual(channel).fd(true).build());
    }

    /**
     * A software task never sends early: deadlines are absolute on a grid anchored when the first frame's send
     * returned, after the virtual bus stamped it on the same monotonic clock, so the last frame comes no sooner than
     * the schedule says after the first, however the scheduler thread stalls. That much holds on any host. How late
     * frames may come depends on the host, and the one these tests run on is shared with builds and emulated VMs (a
     * thread can stall for a hundred milliseconds), so there is no upper bound here: {@link PeriodicScheduleTest}
     * checks the clock arithmetic exactly, the kernel tests the 10 %.
     */
    @Override
    void assertPhases(final List<CanFrame> frames, final Duration first, final int firstGaps, final Duration then)
    {
        final int gaps = frames.size() - 1;
        final long scheduled = first.toNanos() * firstGaps + then.toNanos() * (gaps - firstGaps);
        final long span = frames.get(gaps).timestampNanos() - frames.get(0).timestampNanos();
        assertTrue(span >= scheduled, String.format("the last frame came %.3f ms after the first, before the "
            + "scheduled %.3f ms", span / 1e6, scheduled / 1e6));
    }

    @Override
    boolean intervalsAreExact()
    {
        return false;
    }

    @Override
    boolean kernelScheduled()
    {
        return false;
    }
}
