package org.panacan.raw;

import java.util.concurrent.locks.ReentrantLock;

import org.panacan.IdleStrategy;
import org.panacan.sys.LoopThread;
import org.panacan.sys.ReadinessWaiter;

/**
 * The optional receive thread of a SocketCAN bus: holds the producer role for its whole life and keeps the socket
 * drained into the ring, so bursts are absorbed while the application is busy. Between bursts it idles per its
 * {@link IdleStrategy}: in the kernel ({@link ReadinessWaiter}) by default, or spinning for the lowest latency.
 *
 * <p>Socket errors (ENETDOWN when the interface goes down) are handed to the bus, which reports them to the next
 * consumer call; the thread keeps running so that the bus works again once the interface is up.
 *
 * <p>The thread is a {@link LoopThread} woken through the waiter; it holds the producer role until it ends, so
 * {@link #stopAndJoin()} returns with the ring free for the next producer.
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
    private final ReadinessWaiter waiter;
    private final IdleStrategy idle;
    private final ErrorSink errors;
    private final LoopThread thread;

    ReceiveThread(final String name, final Receiver receiver, final ReentrantLock producerRole,
        final ReadinessWaiter waiter, final IdleStrategy idle, final ErrorSink errors)
    {
        this.receiver = receiver;
        this.producerRole = producerRole;
        this.waiter = waiter;
        this.idle = idle;
        this.errors = errors;
        this.thread = new LoopThread(name, this, ignored -> waiter.wake());
    }

    void start()
    {
        thread.start();
    }

    /** Asks the thread to finish and waits until it has released the producer role. */
    void stopAndJoin()
    {
        thread.stopAndJoin();
    }

    @Override
    public void run()
    {
        producerRole.lock();
        try
        {
            final boolean blocking = idle.blocksInKernel();
            while (thread.isRunning())
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
}
