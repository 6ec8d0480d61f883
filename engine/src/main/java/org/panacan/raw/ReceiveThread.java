package org.panacan.raw;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.IdleStrategy;
import org.panacan.sys.SocketWaiter;

/**
 * The optional receive thread of a SocketCAN bus: holds the producer role for its whole life and keeps the socket
 * drained into the ring, so bursts are absorbed while the application is busy. Between bursts it idles per its
 * {@link IdleStrategy}: in the kernel ({@link SocketWaiter}) by default, or spinning for the lowest latency.
 *
 * <p>Socket errors (ENETDOWN when the interface goes down) are handed to the bus, which reports them to the next
 * consumer call; the thread keeps running so that the bus works again once the interface is up.
 */
final class ReceiveThread implements Runnable
{
    /** Receives socket errors (negative errno) on the receive thread. */
    interface ErrorSink
    {
        void onSocketError(int errno);
    }

    private final Receiver receiver;
    private final ReentrantLock producerRole;
    private final SocketWaiter waiter;
    private final IdleStrategy idle;
    private final ErrorSink errors;
    private final Thread thread;
    private boolean running = true;

    ReceiveThread(final String name, final Receiver receiver, final ReentrantLock producerRole,
        final SocketWaiter waiter, final IdleStrategy idle, final ErrorSink errors)
    {
        this.receiver = receiver;
        this.producerRole = producerRole;
        this.waiter = waiter;
        this.idle = idle;
        this.errors = errors;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    void start()
    {
        thread.start();
    }

    /** Asks the thread to finish and waits until it has released the producer role. */
    void stopAndJoin()
    {
        RUNNING.setRelease(this, false);
        waiter.wake();
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run()
    {
        producerRole.lock();
        try
        {
            final boolean blocking = idle.blocksInKernel();
            while ((boolean)RUNNING.getAcquire(this))
            {
                final int result = receiver.receive();
                if (result > 0)
                {
                    continue; // drain bursts back to back; idle only when the socket is empty
                }
                if (result < 0 && result != Receiver.RING_FULL)
                {
                    errors.onSocketError(-result);
                }
                if (blocking && result == 0)
                {
                    waiter.await(-1);
                }
                else
                {
                    idle.idle(0);
                }
            }
        }
        finally
        {
            producerRole.unlock();
        }
    }

    private static final VarHandle RUNNING;

    static
    {
        try
        {
            RUNNING = MethodHandles.lookup().findVarHandle(ReceiveThread.class, "running", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
