package org.panacan.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.FrameView;
import org.panacan.IdleStrategy;

/** The notifier on the in-process virtual bus: fan-out, several buses, failures, membership and lifetime. */
class NotifierTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final String channel = "notifier-" + UUID.randomUUID();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception
    {
        Collections.reverse(resources);
        for (final AutoCloseable resource : resources)
        {
            resource.close();
        }
    }

    private CanBus bus(final String name) throws Exception
    {
        final CanBus bus = CanBus.open(BusConfig.virtual(name).build());
        resources.add(bus);
        return bus;
    }

    private Notifier started(final Notifier.Builder builder)
    {
        final Notifier notifier = builder.start();
        resources.add(notifier);
        return notifier;
    }

    @Test
    void everyListenerSeesEveryFrameInOrder() throws Exception
    {
        final CanBus sender = bus(channel);
        final Recorder first = new Recorder();
        final Recorder second = new Recorder();
        final BufferedReader reader = new BufferedReader();
        started(Notifier.builder().bus(bus(channel)).listeners(first, second, reader));

        for (int id = 0; id < 200; id++)
        {
            sender.send(CanFrame.of(id, (byte)id));
        }

        awaitTrue(() -> first.ids().size() == 200 && second.ids().size() == 200 && reader.size() == 200);
        final List<Integer> expected = Stream.iterate(0, id -> id + 1).limit(200).toList();
        assertEquals(expected, first.ids());
        assertEquals(expected, second.ids());
        assertEquals(CanFrame.of(0, (byte)0), reader.poll());
    }

    @Test
    void framesOfSeveralBusesReachTheListenersWithTheBusTheyCameFrom() throws Exception
    {
        final String[] channels = {channel + "-a", channel + "-b", channel + "-c"};
        final Notifier.Builder builder = Notifier.builder();
        final List<CanBus> senders = new ArrayList<>();
        final List<CanBus> watched = new ArrayList<>();
        for (final String name : channels)
        {
            senders.add(bus(name));
            final CanBus bus = bus(name);
            watched.add(bus);
            builder.bus(bus);
        }
        final Map<CanBus, List<Integer>> seen = new ConcurrentHashMap<>();
        started(builder.listener((bus, frame) -> seen.computeIfAbsent(bus, b -> new CopyOnWriteArrayList<>())
            .add(frame.id())));

        for (int id = 0; id < 50; id++)
        {
            for (int b = 0; b < senders.size(); b++)
            {
                senders.get(b).send(CanFrame.of(b * 0x100 + id));
            }
        }

        awaitTrue(() -> seen.values().stream().mapToInt(List::size).sum() == 150);
        for (int b = 0; b < watched.size(); b++)
        {
            final int base = b * 0x100;
            assertEquals(Stream.iterate(base, id -> id + 1).limit(50).toList(), seen.get(watched.get(b)));
        }
    }

    static Stream<Arguments> idleStrategies()
    {
        return Stream.of(
            Arguments.of("blocking", IdleStrategy.blocking()),
            Arguments.of("busy-spin", IdleStrategy.busySpin()),
            Arguments.of("yielding", IdleStrategy.yielding()),
            Arguments.of("back-off", IdleStrategy.backoff(Duration.ofMillis(1))),
            Arguments.of("parking", IdleStrategy.parking(Duration.ofMillis(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idleStrategies")
    void everyIdleStrategyDeliversFromTwoBuses(final String name, final IdleStrategy idle) throws Exception
    {
        final CanBus senderA = bus(channel + "-a");
        final CanBus senderB = bus(channel + "-b");
        final BufferedReader reader = new BufferedReader();
        started(Notifier.builder().buses(bus(channel + "-a"), bus(channel + "-b")).listener(reader).idleStrategy(idle));

        for (int round = 0; round < 20; round++)
        {
            senderA.send(CanFrame.of(0xA));
            senderB.send(CanFrame.of(0xB));
            Thread.sleep(1); // idle in between, so that the strategy is exercised
        }

        awaitTrue(() -> reader.size() == 40);
        final List<CanFrame> frames = new ArrayList<>();
        reader.drainTo(frames);
        assertEquals(20, frames.stream().filter(f -> f.id() == 0xA).count());
        assertEquals(channel + "-a", frames.stream().filter(f -> f.id() == 0xA).findFirst().orElseThrow()
            .interfaceName());
    }

    @Test
    void aThrowingListenerIsReportedAndNeitherTheLoopNorTheOtherListenersStop() throws Exception
    {
        final CanBus sender = bus(channel);
        final CanBus watched = bus(channel);
        final Listener throwing = (bus, frame) ->
        {
            if (frame.id() % 2 == 0)
            {
                throw new IllegalStateException("even id " + frame.id());
            }
        };
        final Recorder after = new Recorder();
        final List<String> reported = new CopyOnWriteArrayList<>();
        final Notifier notifier = started(Notifier.builder().bus(watched).listeners(throwing, after)
            .errorHandler((listener, bus, failure) ->
            {
                assertSame(throwing, listener);
                assertSame(watched, bus);
                reported.add(failure.getMessage());
            }));

        for (int id = 0; id < 10; id++)
        {
            sender.send(CanFrame.of(id));
        }

        awaitTrue(() -> notifier.framesDispatched() == 10);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), after.ids());
        assertEquals(List.of("even id 0", "even id 2", "even id 4", "even id 6", "even id 8"), reported);
        assertEquals(5, notifier.listenerFailures());
        assertTrue(notifier.isRunning());
    }

    @Test
    void anErrorHandlerThatThrowsDoesNotEndTheLoopEither() throws Exception
    {
        final CanBus sender = bus(channel);
        final Recorder recorder = new Recorder();
        final Notifier notifier = started(Notifier.builder().bus(bus(channel))
            .listeners((bus, frame) -> { throw new IllegalStateException("listener"); }, recorder)
            .errorHandler((listener, bus, failure) -> { throw new IllegalStateException("handler"); }));

        sender.send(CanFrame.of(1));
        sender.send(CanFrame.of(2));

        awaitTrue(() -> recorder.ids().size() == 2);
        assertEquals(2, notifier.listenerFailures());
        assertTrue(notifier.isRunning());
    }

    @Test
    void stopEndsTheLoopTellsEachListenerOnceAndLeavesTheBusesOpen() throws Exception
    {
        final CanBus watched = bus(channel);
        final AtomicInteger stops = new AtomicInteger();
        final BufferedReader reader = new BufferedReader();
        final Notifier notifier = started(Notifier.builder().bus(watched).listener(reader).listener(new Listener()
        {
            @Override
            public void onFrame(final CanBus bus, final FrameView frame)
            {
            }

            @Override
            public void onStop()
            {
                stops.incrementAndGet();
            }
        }));

        notifier.stop();
        notifier.stop();
        notifier.close();

        assertFalse(notifier.isRunning());
        assertEquals(1, stops.get());
        assertTrue(reader.isStopped());
        assertFalse(watched.isClosed());
        bus(channel).send(CanFrame.of(7));
        assertEquals(CanFrame.of(7), watched.recv(WAIT), "the bus is the application's again");
    }

    @Test
    void aListenerCanStopItsNotifier() throws Exception
    {
        final CanBus sender = bus(channel);
        final Notifier[] self = new Notifier[1];
        final CountDownLatch stopped = new CountDownLatch(1);
        self[0] = started(Notifier.builder().bus(bus(channel)).listener(new Listener()
        {
            @Override
            public void onFrame(final CanBus bus, final FrameView frame)
            {
                self[0].stop();
            }

            @Override
            public void onStop()
            {
                stopped.countDown();
            }
        }));

        sender.send(CanFrame.of(1));

        assertTrue(stopped.await(5, TimeUnit.SECONDS));
        awaitTrue(() -> !self[0].isRunning());
    }

    @Test
    void aClosedBusIsDroppedItsListenersAreToldAndTheOtherBusesGoOn() throws Exception
    {
        final CanBus closing = bus(channel + "-closing");
        final CanBus staying = bus(channel + "-staying");
        final List<Exception> errors = new CopyOnWriteArrayList<>();
        final Recorder recorder = new Recorder()
        {
            @Override
            public void onError(final CanBus bus, final Exception error)
            {
                assertSame(closing, bus);
                errors.add(error);
            }
        };
        final Notifier notifier = started(Notifier.builder().buses(closing, staying).listener(recorder)
            .idleStrategy(IdleStrategy.parking(Duration.ofMillis(1))));

        closing.close();

        awaitTrue(() -> notifier.buses().equals(List.of(staying)));
        assertInstanceOf(BusClosedException.class, errors.getFirst());
        assertEquals(1, notifier.busFailures());
        bus(channel + "-staying").send(CanFrame.of(3));
        awaitTrue(() -> recorder.ids().equals(List.of(3)));
    }

    @Test
    void busesAndListenersCanBeAddedAndRemovedWhileItRuns() throws Exception
    {
        final CanBus sender = bus(channel);
        final CanBus watched = bus(channel);
        final Recorder early = new Recorder();
        final Recorder late = new Recorder();
        final Notifier notifier = started(Notifier.builder().listener(early));

        notifier.addBus(watched);
        sender.send(CanFrame.of(1));
        awaitTrue(() -> early.ids().equals(List.of(1)));

        notifier.addListener(late);
        assertTrue(notifier.removeListener(early));
        sender.send(CanFrame.of(2));
        awaitTrue(() -> late.ids().equals(List.of(2)));
        assertEquals(List.of(1), early.ids());

        assertTrue(notifier.removeBus(watched));
        assertFalse(notifier.removeBus(watched));
        sender.send(CanFrame.of(3));
        assertEquals(CanFrame.of(3), watched.recv(WAIT), "after removeBus the application consumes");
        assertEquals(List.of(2), late.ids());

        notifier.addBus(watched);
        sender.send(CanFrame.of(4));
        awaitTrue(() -> late.ids().equals(List.of(2, 4)));
    }

    @Test
    void aBusIsNotWatchedTwice() throws Exception
    {
        final CanBus watched = bus(channel);
        assertThrows(IllegalArgumentException.class, () -> Notifier.builder().bus(watched).bus(watched));
        final Notifier notifier = started(Notifier.builder().bus(watched));
        assertThrows(IllegalArgumentException.class, () -> notifier.addBus(watched));
    }

    @Test
    void theBuilderRefusesNonsense()
    {
        assertThrows(IllegalArgumentException.class, () -> Notifier.builder().batchLimit(0));
        assertThrows(IllegalArgumentException.class, () -> Notifier.builder().waitSlice(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BufferedReader(0));
    }

    @Test
    void aFullBoundedReaderDropsNewFramesAndCountsThem() throws Exception
    {
        final CanBus sender = bus(channel);
        final BufferedReader reader = new BufferedReader(2);
        final Notifier notifier = started(Notifier.builder().bus(bus(channel)).listener(reader));

        for (int id = 1; id <= 5; id++)
        {
            sender.send(CanFrame.of(id));
        }

        awaitTrue(() -> notifier.framesDispatched() == 5);
        assertEquals(3, reader.dropped());
        assertEquals(CanFrame.of(1), reader.poll(WAIT));
        assertEquals(CanFrame.of(2), reader.poll(WAIT));
        assertNull(reader.poll(Duration.ofMillis(20)));
    }

    private static void awaitTrue(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(1);
        }
    }

    /** Records the ids it sees, in order. */
    static class Recorder implements Listener
    {
        private final List<Integer> ids = new CopyOnWriteArrayList<>();

        @Override
        public void onFrame(final CanBus bus, final FrameView frame)
        {
            ids.add(frame.id());
        }

        List<Integer> ids()
        {
            return ids;
        }
    }
}
