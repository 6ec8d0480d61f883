package org.panacan.benchmarks.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Parks the ping-pong's echo thread while a C turn runs ({@link InterleavedReference}). The echo thread waits for
 * frames in 50 ms receive slices, so even idle it wakes about 20 times a second; under emulation every such
 * wake-up beside the C program slows it (a process switch flushes qemu's TLB), which favoured panacan. Parked on a
 * monitor, it does not wake until the turn is over.
 *
 * <p>The echo loop calls {@link #pass()} before each poll: one acquire read while the gate is open. Closing waits
 * until the echo thread has parked, which it does within one poll. The benchmark closes it before warm-up iterations
 * too, so that the park and the empty poll before it are compiled before anything is measured.
 */
final class EchoGate
{
    private static final long PARK_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();
    /** Guarded by {@code lock}: the echo thread is waiting at the gate. */
    private boolean parked;

    /** Echo thread: returns at once while the gate is open, else waits until it opens. */
    void pass() throws InterruptedException
    {
        if (!closed.getAcquire())
        {
            return;
        }
        synchronized (lock)
        {
            parked = true;
            lock.notifyAll();
            while (closed.get())
            {
                lock.wait();
            }
            parked = false;
        }
    }

    /** Closes the gate and waits until the echo thread has parked at it. */
    void closeAndAwaitParked() throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + PARK_TIMEOUT_MILLIS;
        synchronized (lock)
        {
            closed.set(true);
            while (!parked)
            {
                final long left = deadline - System.currentTimeMillis();
                if (left <= 0)
                {
                    closed.set(false);
                    throw new IllegalStateException("the echo thread did not park within " + PARK_TIMEOUT_MILLIS
                        + " ms");
                }
                lock.wait(left);
            }
        }
    }

    void open()
    {
        synchronized (lock)
        {
            closed.set(false);
            lock.notifyAll();
        }
    }
}
