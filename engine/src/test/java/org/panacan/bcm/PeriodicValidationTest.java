package org.panacan.bcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;

/** Bad periodic-task input fails with a message naming the problem, before anything is sent. */
class PeriodicValidationTest
{
    private static final Duration PERIOD = Duration.ofMillis(5);
    private static final CanFrame FRAME = CanFrame.of(0x100, (byte)1);
    private final String channel = "bcm-" + UUID.randomUUID();
    private CanBus bus;
    private CanBus listener;

    @BeforeEach
    void open() throws Exception
    {
        bus = CanBus.open(BusConfig.virtual(channel).fd(true).build());
        listener = CanBus.open(BusConfig.virtual(channel).fd(true).build());
    }

    @AfterEach
    void close()
    {
        bus.close();
        listener.close();
    }

    private IllegalArgumentException rejected(final List<CanFrame> frames, final Duration period,
        final PeriodicOptions options) throws Exception
    {
        final IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
            () -> bus.sendPeriodic(frames, period, options));
        assertNull(listener.recv(Duration.ofMillis(30)), "nothing was sent");
        return failure;
    }

    @Test
    void zeroPeriodIsRejected() throws Exception
    {
        assertTrue(rejected(List.of(FRAME), Duration.ZERO, PeriodicOptions.defaults()).getMessage()
            .contains("must be positive"));
    }

    @Test
    void negativePeriodIsRejected() throws Exception
    {
        rejected(List.of(FRAME), Duration.ofMillis(-1), PeriodicOptions.defaults());
    }

    @Test
    void periodBeyondFourHundredDaysIsRejected() throws Exception
    {
        assertTrue(rejected(List.of(FRAME), Duration.ofDays(401), PeriodicOptions.defaults()).getMessage()
            .contains("400 days"));
    }

    @Test
    void subMicrosecondPeriodIsRejected() throws Exception
    {
        assertTrue(rejected(List.of(FRAME), Duration.ofNanos(1_500), PeriodicOptions.defaults()).getMessage()
            .contains("microseconds"));
    }

    @Test
    void emptySequenceIsRejected() throws Exception
    {
        assertTrue(rejected(List.of(), PERIOD, PeriodicOptions.defaults()).getMessage().contains("at least one"));
    }

    @Test
    void mixedFdAndClassicFramesAreRejected() throws Exception
    {
        final IllegalArgumentException failure = rejected(List.of(FRAME, CanFrame.fd(0x100, 0, (byte)1)), PERIOD,
            PeriodicOptions.defaults());
        assertTrue(failure.getMessage().contains("one kind of frame"), failure.getMessage());
    }

    @Test
    void moreThan256FramesAreRejected() throws Exception
    {
        assertTrue(rejected(Collections.nCopies(257, FRAME), PERIOD, PeriodicOptions.defaults()).getMessage()
            .contains("256"));
    }

    @Test
    void exactly256FramesAreAccepted() throws Exception
    {
        final PeriodicTask task = bus.sendPeriodic(Collections.nCopies(256, FRAME), PERIOD);
        assertTrue(task.isRunning());
        task.stop();
    }

    @Test
    void fdFramesOnAClassicBusAreRejected() throws Exception
    {
        try (CanBus classic = CanBus.open(BusConfig.virtual(channel).build()))
        {
            assertThrows(IllegalArgumentException.class,
                () -> classic.sendPeriodic(CanFrame.fd(0x1, 0, new byte[12]), PERIOD));
        }
    }

    @Test
    void durationShorterThanThePeriodIsRejected() throws Exception
    {
        rejected(List.of(FRAME), PERIOD, PeriodicOptions.defaults().duration(Duration.ofMillis(1)));
    }

    @Test
    void countAndDurationTogetherAreRejected()
    {
        assertThrows(IllegalArgumentException.class,
            () -> PeriodicOptions.defaults().count(3).duration(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> PeriodicOptions.defaults().count(0));
    }

    @Test
    void thenPeriodWithoutCountIsRejected() throws Exception
    {
        rejected(List.of(FRAME), PERIOD, PeriodicOptions.defaults().thenPeriod(Duration.ofMillis(10)));
    }

    @Test
    void modifyDataWithAnotherFrameCountIsRejectedAndTheTaskGoesOn() throws Exception
    {
        final PeriodicTask task = bus.sendPeriodic(List.of(FRAME, FRAME), PERIOD);
        final IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
            () -> task.modifyData(List.of(FRAME)));
        assertTrue(failure.getMessage().contains("2 frames"), failure.getMessage());
        assertTrue(task.isRunning());
        assertEquals(List.of(FRAME, FRAME), task.frames());
        task.stop();
    }

    @Test
    void modifyDataWithAnotherFrameKindIsRejected() throws Exception
    {
        final PeriodicTask task = bus.sendPeriodic(FRAME, PERIOD);
        assertThrows(IllegalArgumentException.class, () -> task.modifyData(CanFrame.fd(0x100, 0, (byte)1)));
        task.stop();
    }

    @Test
    void modifyDataOnAStoppedTaskIsAnIllegalState() throws Exception
    {
        final PeriodicTask task = bus.sendPeriodic(FRAME, PERIOD);
        task.stop();
        assertThrows(IllegalStateException.class, () -> task.modifyData(CanFrame.of(0x100, (byte)2)));
        assertFalse(task.isRunning());
    }

    @Test
    void errorFramesAreRejected() throws Exception
    {
        final CanFrame error = CanFrame.builder().id(0x4).error(true).data(new byte[8]).build();
        rejected(List.of(error), PERIOD, PeriodicOptions.defaults());
    }

    @Test
    void nullFramesAreRejected()
    {
        final List<CanFrame> frames = new ArrayList<>();
        frames.add(null);
        assertThrows(NullPointerException.class, () -> bus.sendPeriodic(frames, PERIOD));
    }

    @Test
    void emptyWatchMaskIsRejected()
    {
        final IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
            WatchOptions::changesUnder);
        assertTrue(failure.getMessage().contains("empty"), failure.getMessage());
    }

    @Test
    void allZeroWatchMaskIsRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> WatchOptions.changesUnder(new byte[8]));
    }

    @Test
    void multiplexerOutsideTheFirstEightBytesIsRejected()
    {
        final byte[] muxMask = new byte[12];
        muxMask[9] = 1;
        assertThrows(IllegalArgumentException.class,
            () -> WatchOptions.multiplexed(muxMask, new byte[] {0, (byte)0xFF}));
    }

    @Test
    void multiplexedMasksWithTheSameValueAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> WatchOptions.multiplexed(new byte[] {(byte)0xFF},
            new byte[] {1, (byte)0xFF}, new byte[] {1, 0, (byte)0xFF}));
    }

    @Test
    void remoteReplyHasNoTimers()
    {
        final WatchOptions reply = WatchOptions.remoteReply(CanFrame.of(0x10, (byte)1));
        assertThrows(IllegalArgumentException.class, () -> reply.timeout(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> reply.throttle(Duration.ofSeconds(1)));
    }

    @Test
    void watchMaskLongerThanAClassicPayloadNeedsFd() throws Exception
    {
        try (CanBus classic = CanBus.open(BusConfig.virtual(channel).build()))
        {
            assertThrows(IllegalArgumentException.class,
                () -> classic.watch(0x10, WatchOptions.changesUnder(twelveByteMask()).fd(false)));
            assertThrows(IllegalArgumentException.class,
                () -> classic.watch(0x10, WatchOptions.everyFrame().fd(true)));
        }
    }

    private static byte[] twelveByteMask()
    {
        final byte[] mask = new byte[12];
        mask[11] = 1;
        return mask;
    }

    @Test
    void watchingAnIdTwiceIsAnIllegalState() throws Exception
    {
        try (Watch first = bus.watch(0x55, WatchOptions.everyFrame()))
        {
            assertThrows(IllegalStateException.class, () -> bus.watch(0x55, WatchOptions.presence()));
            assertTrue(first.isActive());
        }
        bus.watch(0x55, WatchOptions.presence()).unwatch(); // free again after unwatch
    }

    @Test
    void watchIdOutOfRangeIsRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> bus.watch(0x800, WatchOptions.everyFrame()));
    }
}
