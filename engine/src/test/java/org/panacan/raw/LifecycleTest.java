package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.panacan.testing.Threads;
import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.testing.SocketCanTest;

/** Close, concurrency and resource release against the real kernel. */
@SocketCanTest
class LifecycleTest
{
    @Test
    void closeFromAnotherThreadWakesABlockedRecvWithBusClosed() throws Exception
    {
        final CanBus bus = CanBus.open("vcan0");
        final CountDownLatch waiting = new CountDownLatch(1);
        final CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() ->
        {
            waiting.countDown();
            try
            {
                bus.recv(Duration.ofMinutes(5));
                return null;
            }
            catch (final Throwable failure)
            {
                return failure;
            }
        }, Threads.OWN_THREAD);
        waiting.await();
        Thread.sleep(200); // let it block in ppoll
        bus.close();
        assertInstanceOf(BusClosedException.class, outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void closeWakesAReaderParkedOnTheReceiveThread() throws Exception
    {
        final CanBus bus = CanBus.open("vcan0");
        bus.start();
        final Future<Throwable> outcome = Executors.newVirtualThreadPerTaskExecutor().submit(() ->
        {
            try
            {
                bus.recv(Duration.ofMinutes(5));
                return null;
            }
            catch (final Throwable failure)
            {
                return failure;
            }
        });
        Thread.sleep(200);
        bus.close();
        assertInstanceOf(BusClosedException.class, outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void everyCallAfterCloseSaysTheBusIsClosed() throws Exception
    {
        final CanBus bus = CanBus.open("vcan0");
        bus.close();
        bus.close(); // idempotent
        assertTrue(bus.isClosed());
        assertThrows(BusClosedException.class, () -> bus.send(CanFrame.of(1)));
        assertThrows(BusClosedException.class, () -> bus.recv(Duration.ZERO));
        assertThrows(BusClosedException.class, () -> bus.drain(frame -> { }, 1));
        assertThrows(BusClosedException.class, bus::start);
        assertThrows(BusClosedException.class, () -> bus.setFilters());
        assertThrows(BusClosedException.class, () -> bus.newBatch(4));
    }

    @Test
    void fourThreadsSendingConcurrentlyLoseNothing() throws Exception
    {
        final int perThread = 2_000;
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").receiveBufferSize(4 << 20)
                .ringCapacity(16384).build());
            ExecutorService pool = Executors.newFixedThreadPool(4))
        {
            receiver.start();
            final Future<?>[] senders = new Future<?>[4];
            for (int t = 0; t < 4; t++)
            {
                final int thread = t;
                senders[t] = pool.submit(() ->
                {
                    final byte[] data = new byte[8];
                    for (int i = 0; i < perThread; i++)
                    {
                        data[0] = (byte)thread;
                        data[1] = (byte)(i >> 8);
                        data[2] = (byte)i;
                        sender.send(0x400 + thread, 0, data, 0, 8, TimeUnit.SECONDS.toNanos(5));
                    }
                    return null;
                });
            }
            for (final Future<?> future : senders)
            {
                future.get(60, TimeUnit.SECONDS);
            }
            final int[] next = new int[4];
            int received = 0;
            while (received < 4 * perThread)
            {
                final int got = receiver.poll(frame ->
                {
                    final int thread = frame.data(0);
                    final int sequence = (frame.data(1) & 0xFF) << 8 | frame.data(2) & 0xFF;
                    assertEquals(next[thread]++, sequence, "per-thread order is kept");
                }, 1024, TimeUnit.SECONDS.toNanos(5));
                assertTrue(got > 0, "frames still missing after " + received + ": " + receiver.counters());
                received += got;
            }
            assertEquals(4 * perThread, sender.counters().framesSent());
            assertEquals(0, receiver.counters().totalDrops());
        }
    }

    @Test
    void tenThousandOpenCloseCyclesLeaveNoDescriptorOrMemoryBehind() throws Exception
    {
        for (int i = 0; i < 200; i++) // warm up: class loading, JIT, allocator arenas
        {
            openUseClose(i);
        }
        final long descriptorsBefore = openDescriptors();
        final long rssBefore = residentKiB();
        for (int i = 0; i < 10_000; i++)
        {
            openUseClose(i);
        }
        System.gc();
        assertEquals(descriptorsBefore, openDescriptors(), "file descriptors");
        final long growth = residentKiB() - rssBefore;
        // each bus maps ~400 KiB (a 4096-slot FD ring); 10^4 leaked buses would be ~4 GiB
        assertTrue(growth < 64 * 1024, "resident memory grew by " + growth + " KiB over 10^4 cycles");
    }

    private static void openUseClose(final int i) throws Exception
    {
        try (CanBus bus = CanBus.open(BusConfig.socketCan("vcan1").fd(true).build()))
        {
            if (i % 100 == 0)
            {
                bus.start();
                assertNotNull(bus.newBatch(8));
            }
            bus.drain(frame -> { }, 16);
        }
    }

    private static long openDescriptors() throws IOException
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
    }

    private static long residentKiB() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
