package org.panacan.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.BusCounters;
import org.panacan.BusState;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.CanFrame;
import org.panacan.CanProtocol;
import org.panacan.FrameBatch;
import org.panacan.bcm.BcmSession;
import org.panacan.ring.FrameRing;
import org.panacan.ring.RingBus;
import org.panacan.ring.RingConsumer;
import org.panacan.sys.ReadinessWaiter;
import org.panacan.sys.SyscallException;
import org.panacan.sys.Syscalls;

/**
 * A {@link CanBus} on a Linux CAN_RAW socket.
 *
 * <p>Ownership: the bus owns one {@link Arena} (ring, message vectors, scratch buffers) and two descriptors (the
 * socket and the wake-up eventfd). Three roles touch them: the producer role (a {@link ReentrantLock} held by the
 * receive thread, or briefly by a consumer reading in invoker mode), the consumer ({@link RingConsumer}'s lock) and
 * senders ({@link Transmitter}'s lock). {@link #close()} marks the bus closed, wakes whoever waits, takes each role
 * in turn so that nobody is inside a system call, and only then closes the descriptors and the arena.
 */
public final class SocketCanBus extends RingBus
{
    private final BusConfig config;
    private final String name;
    private final int interfaceIndex;
    private final Arena arena;
    private final int fd;
    private final FrameRing ring;
    private final Receiver receiver;
    private final Transmitter transmitter;
    private final ReadinessWaiter waiter;
    private final RingConsumer consumer;
    /** Periodic tasks and watches: the BCM socket and its thread, opened on first use, closed first. */
    private final BcmSession bcm;
    private final ReentrantLock producerRole = new ReentrantLock();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final ConcurrentHashMap<Integer, String> interfaceNames = new ConcurrentHashMap<>();
    private volatile BusConfig currentConfig;
    private ReceiveThread receiveThread;
    private boolean closed;
    private boolean background;
    private int pendingErrno;

    /** Opens the socket, configures it from {@code config} and binds it. */
    public SocketCanBus(final BusConfig config) throws CanException
    {
        this.config = config;
        this.currentConfig = config;
        this.name = config.channel();
        this.interfaceIndex = config.isAnyInterface() ? 0 : Syscalls.interfaceIndex(name);
        final Arena arena = Arena.ofShared();
        int fd = -1;
        try
        {
            fd = RawSockets.open(config, interfaceIndex);
            this.ring = new FrameRing(arena, config.ringCapacity(), config.mtu());
            this.receiver = new Receiver(arena, fd, ring, config.batchSize(), interfaceIndex, config.overflowPolicy(),
                config.timestamps() != org.panacan.TimestampMode.NONE);
            this.transmitter = new Transmitter(arena, fd, name, interfaceIndex == 0, config.fd());
            this.waiter = new ReadinessWaiter(arena, fd);
        }
        catch (final CanException | RuntimeException | Error ex)
        {
            if (fd >= 0)
            {
                Syscalls.close(fd);
            }
            arena.close();
            throw ex;
        }
        this.arena = arena;
        this.fd = fd;
        this.consumer = new RingConsumer(ring, this);
        this.bcm = BcmSession.socketCan(this, config, interfaceIndex);
        if (interfaceIndex != 0)
        {
            interfaceNames.put(interfaceIndex, name);
        }
    }

    @Override
    public BusConfig config()
    {
        return currentConfig;
    }

    @Override
    public String channelInfo()
    {
        return "socketcan channel '" + name + "'" + (interfaceIndex != 0 ? " (ifindex " + interfaceIndex + ")" : "")
            + (config.fd() ? ", CAN FD" : ", classic CAN");
    }

    @Override
    public CanProtocol protocol()
    {
        return config.fd() ? CanProtocol.CAN_FD : CanProtocol.CAN_20;
    }

    @Override
    public BusState state()
    {
        return receiver.state();
    }

    @Override
    public BusCounters counters()
    {
        return new BusCounters(receiver.framesRead(), consumer.delivered(), kernelDrops(),
            receiver.ringDrops(), transmitter.framesSent(), transmitter.retries(), receiver.errorFrames(),
            receiver.batches());
    }

    /** The larger of the drops seen in SO_RXQ_OVFL and the socket's counter now (while the bus is open). */
    private long kernelDrops()
    {
        final long seen = receiver.kernelDrops();
        lifecycle.lock();
        try
        {
            return closed ? seen : Math.max(seen, RawSockets.socketDrops(fd));
        }
        catch (final CanException ex)
        {
            return seen;
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    @Override
    public String interfaceName(final int index)
    {
        return interfaceNames.computeIfAbsent(index, i ->
        {
            final String found = Syscalls.interfaceName(i);
            return found != null ? found : "ifindex" + i;
        });
    }

    /** The kernel interface index this bus is bound to, 0 for any. */
    public int interfaceIndex()
    {
        return interfaceIndex;
    }

    // ------------------------------------------------------------------------------------------------- receive

    @Override
    public void start() throws CanException
    {
        lifecycle.lock();
        try
        {
            ensureOpen();
            if (receiveThread == null)
            {
                receiveThread = new ReceiveThread("panacan-rx-" + name, receiver, producerRole, waiter,
                    config.idleStrategy().get(), this::onSocketError);
                BACKGROUND.setRelease(this, true);
                waiter.wake(); // a consumer in invoker mode gives up the producer role
                receiveThread.start();
                consumer.wake();
            }
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    @Override
    public void stop()
    {
        lifecycle.lock();
        try
        {
            if (receiveThread != null)
            {
                receiveThread.stopAndJoin();
                receiveThread = null;
                BACKGROUND.setRelease(this, false);
                consumer.wake(); // a parked consumer switches to invoker mode
            }
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    @Override
    public boolean isReceiving()
    {
        return producesInBackground();
    }

    @Override
    public void setFilters(final List<CanFilter> filters, final boolean join) throws CanException
    {
        ensureOpen();
        RawSockets.setFilters(fd, filters, join);
        currentConfig = currentConfig.toBuilder().filters(filters).joinFilters(join).build();
    }

    @Override
    public void setErrorMask(final int errorMask) throws CanException
    {
        ensureOpen();
        RawSockets.setErrorMask(fd, errorMask);
        currentConfig = currentConfig.toBuilder().errorMask(errorMask).build();
    }

    // ------------------------------------------------------------------------------------ RingConsumer.Source

    @Override
    public boolean producesInBackground()
    {
        return (boolean)BACKGROUND.getAcquire(this);
    }

    @Override
    public int fill(final long deadlineNanos, final long remainingNanos) throws CanException
    {
        if (!producerRole.tryLock())
        {
            Thread.onSpinWait(); // the receive thread is taking over; the consumer will wait on the ring
            return 0;
        }
        try
        {
            // With a slice or more to wait, wait inside recvmmsg: one system call, which returns at once when
            // frames are queued. With less, wait in ppoll, which keeps a short deadline exactly; a socket that the
            // last receive emptied is most likely still empty (request and response, a quiet bus), so it is not
            // read before that wait.
            if (remainingNanos >= RawSockets.RECEIVE_SLICE_NANOS)
            {
                return framesOrThrow(receiver.receiveBlocking());
            }
            int received = receiver.socketDrained() && remainingNanos > 0 ? 0 : framesOrThrow(receiver.receive());
            if (received == 0 && remainingNanos > 0) // drain() asks for no wait: no clock reading either
            {
                final long left = deadlineNanos - System.nanoTime();
                if (left > 0 && waiter.await(left) != 0)
                {
                    received = framesOrThrow(receiver.receive());
                }
            }
            return received;
        }
        finally
        {
            producerRole.unlock();
        }
    }

    /** A receive's frame count, 0 for a full ring; throws for a socket error. */
    private int framesOrThrow(final int result) throws CanException
    {
        if (result >= 0 || result == Receiver.RING_FULL)
        {
            return Math.max(result, 0);
        }
        ensureOpen();
        throw SyscallException.of("recvmmsg", -result, name);
    }

    @Override
    public void ensureOpen() throws CanException
    {
        if ((boolean)CLOSED.getAcquire(this))
        {
            throw new BusClosedException("bus '" + name + "'");
        }
        if ((int)PENDING_ERRNO.getAcquire(this) != 0) // read first: the atomic swap only when there is an error
        {
            final int errno = (int)PENDING_ERRNO.getAndSet(this, 0);
            if (errno != 0)
            {
                throw SyscallException.of("recvmmsg", errno, name);
            }
        }
    }

    private void onSocketError(final int errno)
    {
        PENDING_ERRNO.setRelease(this, errno);
        consumer.wake();
    }

    // ---------------------------------------------------------------------------------------------------- send

    @Override
    public void send(final CanFrame frame, final Duration timeout) throws CanException
    {
        transmitter.send(frame, targetInterface(frame), timeout.toNanos());
    }

    private int targetInterface(final CanFrame frame) throws CanException
    {
        if (interfaceIndex != 0)
        {
            return 0;
        }
        if (frame.interfaceIndex() != 0)
        {
            return frame.interfaceIndex();
        }
        if (frame.interfaceName() != null)
        {
            return Syscalls.interfaceIndex(frame.interfaceName());
        }
        return 0; // the transmitter names the problem
    }

    @Override
    public void send(final int id, final int flags, final byte[] data, final int offset, final int length,
        final long timeoutNanos) throws CanException
    {
        transmitter.send(id, flags, 0, data, offset, length, 0, timeoutNanos);
    }

    @Override
    public void send(final int id, final int flags, final MemorySegment data, final long offset, final int length,
        final long timeoutNanos) throws CanException
    {
        transmitter.send(id, flags, data, offset, length, timeoutNanos);
    }

    @Override
    public FrameBatch newBatch(final int capacity) throws CanException
    {
        lifecycle.lock();
        try
        {
            ensureOpen();
            return new FrameBatch(arena, capacity, config.fd());
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    @Override
    public int send(final FrameBatch batch, final long timeoutNanos) throws CanException
    {
        return transmitter.send(batch, timeoutNanos);
    }

    @Override
    public boolean flushTxBuffer(final Duration timeout) throws CanException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            ensureOpen();
            if (RawSockets.outputQueueBytes(fd, name) == 0)
            {
                return true;
            }
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
    }

    // ------------------------------------------------- what RingBus serves: frames, periodic send and watches

    @Override
    protected RingConsumer consumer()
    {
        return consumer;
    }

    @Override
    protected BcmSession bcm()
    {
        return bcm;
    }

    // -------------------------------------------------------------------------------------------------- lifetime

    @Override
    public boolean isClosed()
    {
        return (boolean)CLOSED.getAcquire(this);
    }

    @Override
    public void close()
    {
        bcm.close(); // first, and outside the lifecycle lock: BCM listeners may call back into the bus
        lifecycle.lock();
        try
        {
            if (closed)
            {
                return;
            }
            CLOSED.setRelease(this, true);
            if (receiveThread != null)
            {
                receiveThread.stopAndJoin();
                receiveThread = null;
            }
            waiter.wake();
            consumer.closeAndAwait();
            producerRole.lock(); // nobody is inside recvmmsg / ppoll any more
            transmitter.close();
            waiter.close();
            Syscalls.close(fd);
            arena.close();
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    @Override
    public String toString()
    {
        return channelInfo();
    }

    private static final VarHandle CLOSED;
    private static final VarHandle PENDING_ERRNO;
    private static final VarHandle BACKGROUND;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(SocketCanBus.class, "closed", boolean.class);
            PENDING_ERRNO = lookup.findVarHandle(SocketCanBus.class, "pendingErrno", int.class);
            BACKGROUND = lookup.findVarHandle(SocketCanBus.class, "background", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
