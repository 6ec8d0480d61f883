package org.panacan.sys;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stop, wake-up and join protocol every engine thread follows, with a park as the sleep. */
class LoopThreadTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AtomicReference<LoopThread> self = new AtomicReference<>();
    private LoopThread thread;

    @AfterEach
    void stopThread()
    {
        if (thread != null)
        {
            thread.stopAndJoin();
        }
    }

    /** A thread whose loop parks until stopped; its wake-up unparks it. */
    private LoopThread parking(final String name)
    {
        thread = new LoopThread(name, this::parkWhileRunning, LockSupport::unpark);
        self.set(thread);
        return thread;
    }

    private void parkWhileRunning()
    {
        while (self.get().isRunning())
        {
            LockSupport.park(this);
        }
    }

    @Test
    void isANamedDaemonPlatformThread() throws Exception
    {
        final CompletableFuture<Thread> running = new CompletableFuture<>();
        thread = new LoopThread("panacan-test-loop", () -> running.complete(Thread.currentThread()),
            LockSupport::unpark);
        thread.start();
        final Thread started = running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertAll(
            () -> assertEquals("panacan-test-loop", started.getName()),
            () -> assertTrue(started.isDaemon(), "daemon"),
            () -> assertFalse(started.isVirtual(), "platform"),
            () -> assertEquals("panacan-test-loop", thread.name()));
    }

    @Test
    void factoryMakesTheThread() throws Exception
    {
        final CompletableFuture<String> running = new CompletableFuture<>();
        thread = new LoopThread(Thread.ofVirtual().name("from-factory").factory(),
            () -> running.complete(Thread.currentThread().getName()), LockSupport::unpark);
        thread.start();
        assertEquals("from-factory", running.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void stopEndsALoopAsleepAndJoinWaitsForIt()
    {
        final LoopThread loop = parking("panacan-test-stop");
        loop.start();
        assertTimeoutPreemptively(WAIT, loop::stopAndJoin);
        assertFalse(loop.isAlive());
    }

    @Test
    void stopClearsTheFlagBeforeTheWakeUp()
    {
        final AtomicReference<Boolean> runningAtWakeUp = new AtomicReference<>();
        thread = new LoopThread("panacan-test-order", () -> { }, ignored -> runningAtWakeUp.set(thread.isRunning()));
        thread.stop();
        assertEquals(Boolean.FALSE, runningAtWakeUp.get());
    }

    @Test
    void onlyTheFirstStopWakesTheThread()
    {
        final AtomicInteger wakeUps = new AtomicInteger();
        thread = new LoopThread("panacan-test-once", () -> { }, ignored -> wakeUps.incrementAndGet());
        assertAll(
            () -> assertTrue(thread.stop(), "first stop"),
            () -> assertFalse(thread.stop(), "second stop"),
            () -> assertEquals(1, wakeUps.get(), "wake-ups"));
    }

    @Test
    void wakeHandsTheThreadToTheWakeUp() throws Exception
    {
        final CompletableFuture<Thread> woken = new CompletableFuture<>();
        final CompletableFuture<Thread> running = new CompletableFuture<>();
        thread = new LoopThread("panacan-test-wake", () -> running.complete(Thread.currentThread()), woken::complete);
        thread.start();
        thread.wake();
        assertSame(running.get(WAIT.toSeconds(), TimeUnit.SECONDS), woken.getNow(null));
    }

    @Test
    void joinOnTheThreadItselfReturnsAtOnce() throws Exception
    {
        final CountDownLatch joined = new CountDownLatch(1);
        thread = new LoopThread("panacan-test-self", () ->
        {
            self.get().join();
            joined.countDown();
        }, LockSupport::unpark);
        self.set(thread);
        thread.start();
        assertTrue(joined.await(WAIT.toSeconds(), TimeUnit.SECONDS), "join returned on the thread");
    }

    @Test
    void joinBeforeStartReturnsAtOnce()
    {
        final LoopThread loop = parking("panacan-test-unstarted");
        assertTimeoutPreemptively(WAIT, loop::join);
    }

    @Test
    void joinWaitsThroughAnInterruptAndRestoresIt()
    {
        final CountDownLatch release = new CountDownLatch(1);
        thread = new LoopThread("panacan-test-interrupt", () -> awaitQuietly(release), LockSupport::unpark);
        thread.start();
        assertTimeoutPreemptively(WAIT, () ->
        {
            Thread.currentThread().interrupt();
            Thread.ofPlatform().start(() ->
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                release.countDown();
            });
            thread.join();
            assertAll(
                () -> assertFalse(thread.isAlive(), "the thread ended before join returned"),
                () -> assertTrue(Thread.interrupted(), "the interrupt is restored"));
        });
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        while (latch.getCount() > 0)
        {
            try
            {
                latch.await();
            }
            catch (final InterruptedException ignored)
            {
                // only the latch ends this loop
            }
        }
    }
}
