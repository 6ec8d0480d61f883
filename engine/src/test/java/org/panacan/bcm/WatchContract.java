package org.panacan.bcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.TimestampSource;

/**
 * What a watch reports, whoever keeps it: the kernel's Broadcast Manager (SocketCAN, in the test VM) or its software
 * twin (virtual bus, on the host). A second bus on the same wire plays the ECU.
 */
abstract class WatchContract
{
    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration QUIET = Duration.ofMillis(100);
    static final int ID = 0x2B0;
    CanBus watcher;
    CanBus ecu;

    abstract CanBus openWatcher() throws Exception;

    abstract CanBus openEcu() throws Exception;

    /** The timestamp source of events from frames. */
    abstract TimestampSource frameStampSource();

    @BeforeEach
    void open() throws Exception
    {
        watcher = openWatcher();
        ecu = openEcu();
    }

    @AfterEach
    void close()
    {
        watcher.close();
        ecu.close();
    }

    static CanFrame frame(final int... bytes)
    {
        final byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            data[i] = (byte)bytes[i];
        }
        return CanFrame.of(ID, data);
    }

    static byte[] bytes(final int... values)
    {
        final byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            data[i] = (byte)values[i];
        }
        return data;
    }

    /** Sends each frame, leaving the kernel time to handle one before the next. */
    void send(final CanFrame... frames) throws Exception
    {
        for (final CanFrame frame : frames)
        {
            ecu.send(frame);
            Thread.sleep(5);
        }
    }

    static WatchEvent next(final Watch watch) throws Exception
    {
        final WatchEvent event = watch.next(WAIT);
        assertNotNull(event, "an event within " + WAIT);
        return event;
    }

    @Test
    void contentChangesAreReportedOnlyUnderTheMask() throws Exception
    {
        try (Watch watch = watcher.watch(ID, WatchOptions.changesUnder(bytes(0xFF, 0x00))))
        {
            send(frame(1, 0), frame(1, 0xFF), frame(1, 0x10), frame(2, 0x10), frame(2, 0x00), frame(2, 0x00, 9),
                frame(3));
            final WatchEvent first = next(watch);
            assertEquals(WatchEvent.Kind.CHANGED, first.kind());
            assertEquals(frame(1, 0), CanFrame.copyOf(first.frame()), "the first frame is news");
            assertEquals(frame(2, 0x10), CanFrame.copyOf(next(watch).frame()), "byte 0 changed");
            assertEquals(frame(3), CanFrame.copyOf(next(watch).frame()), "byte 0 changed again");
            assertNull(watch.next(QUIET), "changes outside the mask are not reported");
        }
    }

    @Test
    void aLengthChangeCountsWhenAskedFor() throws Exception
    {
        try (Watch watch = watcher.watch(ID, WatchOptions.changesUnder(bytes(0xFF)).checkLength(true)))
        {
            send(frame(1), frame(1), frame(1, 0));
            assertEquals(frame(1), CanFrame.copyOf(next(watch).frame()));
            assertEquals(frame(1, 0), CanFrame.copyOf(next(watch).frame()));
            assertNull(watch.next(QUIET));
        }
    }

    @Test
    void multiplexedMasksCompareEachMultiplexerValueOnItsOwn() throws Exception
    {
        // multiplexer in byte 0; value 1 compares byte 1, value 2 compares byte 2
        try (Watch watch = watcher.watch(ID, WatchOptions.multiplexed(bytes(0xFF), bytes(1, 0xFF, 0),
            bytes(2, 0, 0xFF))))
        {
            send(frame(1, 5, 0), frame(2, 0, 7), frame(1, 5, 9), frame(2, 8, 7), frame(1, 6, 9), frame(3, 1, 1),
                frame(2, 8, 8));
            assertEquals(frame(1, 5, 0), CanFrame.copyOf(next(watch).frame()), "first of value 1");
            assertEquals(frame(2, 0, 7), CanFrame.copyOf(next(watch).frame()), "first of value 2");
            assertEquals(frame(1, 6, 9), CanFrame.copyOf(next(watch).frame()), "byte 1 of value 1 changed");
            assertEquals(frame(2, 8, 8), CanFrame.copyOf(next(watch).frame()), "byte 2 of value 2 changed");
            assertNull(watch.next(QUIET), "other bytes, and unknown values, are not news");
        }
    }

    @Test
    void everyFrameIsReportedWithItsReceiveStamp() throws Exception
    {
        try (Watch watch = watcher.watch(ID, WatchOptions.everyFrame()))
        {
            final long before = System.currentTimeMillis();
            send(frame(1), frame(1), frame(1));
            for (int i = 0; i < 3; i++)
            {
                final WatchEvent event = next(watch);
                assertEquals(WatchEvent.Kind.CHANGED, event.kind());
                assertEquals(frameStampSource(), event.frame().timestampSource());
                final long millis = event.timestampNanos() / 1_000_000;
                assertTrue(millis >= before - 50 && millis <= System.currentTimeMillis() + 50,
                    "stamped when received: " + millis + " vs " + before);
            }
        }
    }

    @Test
    void aSenderThatStopsRaisesATimeoutAndItsReturnIsAnnounced() throws Exception
    {
        // a timeout of 50 periods: a stall of the emulated guest as long as the timeout would expire it
        final Duration timeout = Duration.ofSeconds(1);
        final Duration longerThanTimeout = timeout.multipliedBy(6).dividedBy(5);
        final PeriodicTask ecuTask = ecu.sendPeriodic(frame(1), Duration.ofMillis(20));
        Frames.receive(watcher, ID, 1, WAIT); // the ECU is up
        try (Watch watch = watcher.watch(ID, WatchOptions.presence().timeout(timeout)))
        {
            assertEquals(WatchEvent.Kind.CHANGED, next(watch).kind(), "first frame");
            assertNull(watch.next(longerThanTimeout), "no news while the ECU keeps sending");
            final long stopped = System.nanoTime();
            ecuTask.stop();
            final WatchEvent silence = next(watch);
            final long silentFor = System.nanoTime() - stopped;
            assertEquals(WatchEvent.Kind.TIMEOUT, silence.kind());
            assertNull(silence.frame());
            assertTrue(silentFor >= timeout.toNanos() * 8 / 10, "timeout after " + silentFor / 1e6 + " ms");
            assertNull(watch.next(longerThanTimeout), "one timeout per silence");
            ecuTask.start();
            final WatchEvent back = next(watch);
            assertEquals(WatchEvent.Kind.RESUMED, back.kind());
            assertEquals(frame(1), CanFrame.copyOf(back.frame()));
            ecuTask.stop();
        }
    }

    @Test
    void anIdThatNeverComesTimesOut() throws Exception
    {
        try (Watch watch = watcher.watch(ID, WatchOptions.changesUnder(bytes(0xFF)).timeout(Duration.ofMillis(50))))
        {
            assertEquals(WatchEvent.Kind.TIMEOUT, next(watch).kind());
            send(frame(4));
            assertEquals(WatchEvent.Kind.RESUMED, next(watch).kind());
        }
    }

    @Test
    void throttlingLimitsTheUpdateRate() throws Exception
    {
        final Duration throttle = Duration.ofMillis(100);
        try (Watch watch = watcher.watch(ID, WatchOptions.everyFrame().throttle(throttle)))
        {
            final long start = System.nanoTime();
            final PeriodicTask ecuTask = ecu.sendPeriodic(List.of(frame(0)), Duration.ofMillis(5),
                org.panacan.bcm.PeriodicOptions.defaults().modifier((payload, index, n) -> payload[0] = (byte)n));
            final List<WatchEvent> events = new ArrayList<>();
            while (System.nanoTime() - start < 1_000_000_000L)
            {
                watch.poll(event -> events.add(event.copy()), 16, 10_000_000L);
            }
            ecuTask.stop();
            final long windows = (System.nanoTime() - start) / throttle.toNanos();
            // ~200 changed frames; at most one update per 100 ms gets through (plus the first, plus the flush
            // of the last window), over the time the ECU really ran (a stalled poll lets it run on)
            final int updates = events.size();
            assertTrue(updates >= 2 && updates <= windows + 2,
                updates + " updates in " + windows + " windows of a 100 ms throttle");
        }
    }

    @Test
    void remoteRequestsAreAnsweredWithTheReplyFrame() throws Exception
    {
        final CanFrame reply = frame(0xCA, 0xFE);
        try (Watch watch = watcher.watch(ID, WatchOptions.remoteReply(reply)))
        {
            ecu.send(CanFrame.remote(ID, false, 2));
            final long deadline = System.nanoTime() + WAIT.toNanos();
            CanFrame answer = null;
            while (answer == null && System.nanoTime() < deadline)
            {
                final CanFrame received = ecu.recv(WAIT);
                if (received != null && !received.isRemote() && received.id() == ID)
                {
                    answer = received;
                }
            }
            assertEquals(reply, answer);
            assertNull(watch.next(QUIET), "a remote-reply watch reports nothing");
        }
    }

    @Test
    void eventsGoToTheListenerWhenThereIsOne() throws Exception
    {
        final BlockingQueue<WatchEvent> events = new ArrayBlockingQueue<>(16);
        final Watch watch = watcher.watch(ID, WatchOptions.changesUnder(bytes(0xFF)), e -> events.add(e.copy()));
        send(frame(1), frame(2));
        assertEquals(frame(1), CanFrame.copyOf(events.poll(5, TimeUnit.SECONDS).frame()));
        assertEquals(frame(2), CanFrame.copyOf(events.poll(5, TimeUnit.SECONDS).frame()));
        assertThrows(IllegalStateException.class, () -> watch.poll(e -> { }, 1, 0));
        watch.unwatch();
    }

    @Test
    void unwatchEndsTheEvents() throws Exception
    {
        final Watch watch = watcher.watch(ID, WatchOptions.everyFrame());
        send(frame(1));
        assertNotNull(watch.next(WAIT));
        watch.unwatch();
        assertFalse(watch.isActive());
        send(frame(2));
        assertNull(watch.next(QUIET));
        watch.unwatch(); // idempotent
    }

    @Test
    void extendedIdsAreWatchedApartFromStandardOnes() throws Exception
    {
        try (Watch watch = watcher.watch(ID, WatchOptions.everyFrame().extended(true)))
        {
            send(frame(1), CanFrame.extended(ID, (byte)2));
            final WatchEvent event = next(watch);
            assertTrue(event.frame().isExtended());
            assertEquals(2, event.frame().data(0));
            assertNull(watch.next(QUIET));
        }
    }

    @Test
    void canFdWatchesSeeCanFdFrames() throws Exception
    {
        final byte[] mask = new byte[64];
        mask[40] = (byte)0xFF;
        try (Watch watch = watcher.watch(ID, WatchOptions.changesUnder(mask).fd(true)))
        {
            final byte[] payload = new byte[64];
            ecu.send(CanFrame.fd(ID, 0, payload));
            Thread.sleep(5);
            ecu.send(frame(1)); // classic: not for an FD watch
            Thread.sleep(5);
            payload[40] = 1;
            ecu.send(CanFrame.fd(ID, 0, payload));
            assertTrue(next(watch).frame().isFd());
            final WatchEvent change = next(watch);
            assertEquals(64, change.frame().length());
            assertEquals(1, change.frame().data(40));
            assertNull(watch.next(QUIET));
        }
    }

    @Test
    void closingTheBusEndsItsWatches() throws Exception
    {
        final Watch watch = watcher.watch(ID, WatchOptions.everyFrame());
        watcher.close();
        assertFalse(watch.isActive());
        assertEquals(0, watch.poll(e -> { }, 1, 1_000_000L));
    }

    @Test
    void aFullQueueDropsTheNewestAndCountsThem() throws Exception
    {
        try (Watch watch = watcher.watch(ID, WatchOptions.everyFrame().eventCapacity(2)))
        {
            send(frame(1), frame(2), frame(3), frame(4));
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (watch.droppedEvents() < 2 && System.nanoTime() < deadline) // all four handled
            {
                Thread.sleep(5);
            }
            final List<CanFrame> seen = new ArrayList<>();
            watch.poll(e -> seen.add(CanFrame.copyOf(e.frame())), 10, 0);
            assertEquals(List.of(frame(1), frame(2)), seen);
            assertEquals(2, watch.droppedEvents());
        }
    }
}
