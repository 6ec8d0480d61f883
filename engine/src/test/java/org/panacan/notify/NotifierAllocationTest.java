package org.panacan.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.FrameView;
import org.panacan.IdleStrategy;

/** The loop allocates nothing: not per frame, not per idle round (HotSpot's per-thread allocation counter). */
class NotifierAllocationTest
{
    private static final int FRAMES = 20_000;
    private static final int CHUNK = 500;
    /** Slack for one-off allocations (class initialisation, a deoptimisation), far below a byte per frame. */
    private static final long SLACK_BYTES = 4096;

    @Test
    void theLoopAllocatesNothingPerFrameOrPerRound() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final String channel = "allocation-" + UUID.randomUUID();
        final AtomicReference<Thread> loop = new AtomicReference<>();
        final long[] sum = new long[1];
        final byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        try (CanBus sender = CanBus.open(BusConfig.virtual(channel).build());
            CanBus watched = CanBus.open(BusConfig.virtual(channel).build());
            Notifier notifier = Notifier.builder().bus(watched)
                .listener((final CanBus bus, final FrameView frame) -> sum[0] += frame.id())
                .idleStrategy(IdleStrategy.busySpin())
                .threadFactory(runnable ->
                {
                    final Thread thread = Thread.ofPlatform().daemon(true).unstarted(runnable);
                    loop.set(thread);
                    return thread;
                })
                .start())
        {
            sendAndAwait(sender, notifier, payload, FRAMES); // warm-up: JIT-compile the loop
            final long before = threads.getThreadAllocatedBytes(loop.get().threadId());

            sendAndAwait(sender, notifier, payload, FRAMES);
            Thread.sleep(50); // idle rounds too

            final long allocated = threads.getThreadAllocatedBytes(loop.get().threadId()) - before;
            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated for " + FRAMES + " frames");
            assertEquals(2L * FRAMES, notifier.framesDispatched());
        }
    }

    private static void sendAndAwait(final CanBus sender, final Notifier notifier, final byte[] payload,
        final int frames) throws Exception
    {
        final long target = notifier.framesDispatched() + frames;
        for (int sent = 0; sent < frames; sent += CHUNK)
        {
            for (int i = 0; i < CHUNK; i++)
            {
                sender.send(0x100, 0, payload, 0, payload.length, 0);
            }
            while (notifier.framesDispatched() < target - frames + sent + CHUNK)
            {
                Thread.onSpinWait();
            }
        }
        assertEquals(target, notifier.framesDispatched());
    }
}
