package org.panacan.virtual;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.panacan.ring.FrameRingDescriptor.FRAME_OFFSET;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.BusCounters;
import org.panacan.BusState;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.CanFrame;
import org.panacan.CanProtocol;
import org.panacan.FrameBatch;
import org.panacan.FrameFlags;
import org.panacan.FrameRules;
import org.panacan.ReadableFrame;
import org.panacan.TimestampSource;
import org.panacan.bcm.BcmSession;
import org.panacan.ring.FrameRing;
import org.panacan.ring.RingBus;
import org.panacan.ring.RingConsumer;
import org.panacan.sys.KernelFrames;

/**
 * python-can's "virtual" interface for the JVM: an in-process bus for users without SocketCAN and for fast unit
 * tests. Buses on the same channel name see each other's frames through the same off-heap ring and flyweight path
 * as a SocketCAN bus, with the kernel's rules applied in Java: filters (including inverted and joined), the error
 * mask, loopback, receive-own-messages, CAN FD only to FD buses. Timestamps are taken in the JVM
 * ({@link TimestampSource#USER}).
 *
 * <p>Frames that find a receiver's ring full are dropped and counted in that receiver's {@code ringDrops}.
 */
public final class VirtualBus extends RingBus
{
    private static final long EPOCH_NANOS_AT_START;
    private static final long NANO_TIME_AT_START;

    static
    {
        final Instant now = Instant.now();
        NANO_TIME_AT_START = System.nanoTime();
        EPOCH_NANOS_AT_START = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private final BusConfig config;
    private final Arena arena;
    private final FrameRing ring;
    private final RingConsumer consumer;
    private final VirtualChannel channel;
    /** Periodic tasks and watches in software: scheduler and monitor threads, started on first use. */
    private final BcmSession bcm;
    private final ReentrantLock sendLock = new ReentrantLock();
    /** The frame being sent, encoded once and copied into every receiver's ring (guarded by sendLock). */
    private final MemorySegment outgoing;
    private int outgoingSize;
    private volatile List<CanFilter> filters;
    private volatile boolean joinFilters;
    private volatile int errorMask;
    private boolean closed;
    private long framesRead;
    private long ringDrops;
    private long framesSent;
    private long errorFrames;

    /** Joins the virtual channel named in {@code config}. */
    public VirtualBus(final BusConfig config)
    {
        this.config = config;
        this.arena = Arena.ofShared();
        this.ring = new FrameRing(arena, config.ringCapacity(), config.mtu());
        this.outgoing = arena.allocate(KernelFrames.CANFD_MTU, 8);
        this.filters = config.filters();
        this.joinFilters = config.joinFilters();
        this.errorMask = config.errorMask();
        this.consumer = new RingConsumer(ring, this);
        this.channel = VirtualChannel.join(config.channel(), this);
        this.bcm = BcmSession.virtual(this, config);
    }

    @Override
    public BusConfig config()
    {
        return config.toBuilder().filters(filters).joinFilters(joinFilters).errorMask(errorMask).build();
    }

    @Override
    public String channelInfo()
    {
        return "virtual channel '" + channel.name() + "'" + (config.fd() ? ", CAN FD" : ", classic CAN");
    }

    @Override
    public CanProtocol protocol()
    {
        return config.fd() ? CanProtocol.CAN_FD : CanProtocol.CAN_20;
    }

    @Override
    public BusState state()
    {
        return BusState.ERROR_ACTIVE; // a virtual bus has no controller
    }

    @Override
    public BusCounters counters()
    {
        return new BusCounters((long)FRAMES_READ.getOpaque(this), consumer.delivered(), 0,
            (long)RING_DROPS.getOpaque(this), (long)FRAMES_SENT.getOpaque(this), 0,
            (long)ERROR_FRAMES.getOpaque(this), (long)FRAMES_READ.getOpaque(this));
    }

    @Override
    public String interfaceName(final int interfaceIndex)
    {
        return channel.name();
    }

    // ------------------------------------------------------------------------------------------------- receive

    @Override
    public void start()
    {
        // frames are pushed by the senders; there is no socket to read
    }

    @Override
    public void stop()
    {
    }

    @Override
    public boolean isReceiving()
    {
        return !isClosed();
    }

    @Override
    public void setFilters(final List<CanFilter> filters, final boolean join) throws CanException
    {
        ensureOpen();
        if (filters.size() > BusConfig.MAX_FILTERS)
        {
            throw new IllegalArgumentException(filters.size() + " filters exceed the kernel's limit of "
                + BusConfig.MAX_FILTERS);
        }
        this.filters = List.copyOf(filters);
        this.joinFilters = join;
    }

    @Override
    public void setErrorMask(final int errorMask) throws CanException
    {
        ensureOpen();
        this.errorMask = errorMask;
    }

    @Override
    public boolean producesInBackground()
    {
        return true;
    }

    @Override
    public int fill(final long deadlineNanos, final long remainingNanos)
    {
        return 0;
    }

    @Override
    public void ensureOpen() throws CanException
    {
        if (isClosed())
        {
            throw new BusClosedException("virtual bus '" + config.channel() + "'");
        }
    }

    /**
     * Channel lock held: copies the frame {@code sender} encoded into this bus's ring if the kernel's rules would
     * deliver it here.
     */
    void deliver(final VirtualBus sender)
    {
        final boolean own = sender == this;
        if ((own && !config.receiveOwnMessages()) || (!own && !sender.config.localLoopback()) || isClosed())
        {
            return;
        }
        final int size = sender.outgoingSize;
        if (size == KernelFrames.CANFD_MTU && !config.fd())
        {
            return; // the kernel does not hand CAN FD frames to classic sockets
        }
        final int canId = sender.outgoing.get(JAVA_INT, 0);
        if (!accepts(canId, sender.outgoing.get(JAVA_BYTE, KernelFrames.DATA_OFFSET + 1)))
        {
            return;
        }
        FRAMES_READ.setOpaque(this, framesRead + 1);
        if (ring.claimable(1) == 0)
        {
            RING_DROPS.setOpaque(this, ringDrops + 1);
            return;
        }
        final long tail = ring.tail();
        final int meta = TimestampSource.USER.ordinal() | FrameFlags.LOCAL | (own ? FrameFlags.ECHO : 0);
        MemorySegment.copy(sender.outgoing, 0, ring.slots(), ring.slotOffset(tail) + FRAME_OFFSET, size);
        ring.writeHeader(tail, now(), 0, meta, size);
        ring.publish(1);
    }

    private boolean accepts(final int canId, final byte controllerStatus)
    {
        if ((canId & KernelFrames.CAN_ERR_FLAG) != 0)
        {
            ERROR_FRAMES.setOpaque(this, errorFrames + 1);
            return (canId & errorMask & BusConfig.ALL_ERRORS) != 0;
        }
        final List<CanFilter> active = filters;
        if (active.isEmpty())
        {
            return true;
        }
        final boolean join = joinFilters;
        for (int i = 0; i < active.size(); i++)
        {
            final boolean match = active.get(i).matches(canId);
            if (match != join)
            {
                return match; // any-of: first match passes; all-of: first miss rejects
            }
        }
        return join;
    }

    private static long now()
    {
        return EPOCH_NANOS_AT_START + (System.nanoTime() - NANO_TIME_AT_START);
    }

    // ---------------------------------------------------------------------------------------------------- send

    @Override
    public void send(final CanFrame frame, final Duration timeout) throws CanException
    {
        check(frame.id(), frame.flags(), frame.length(), frame.len8Dlc());
        sendLock.lock();
        try
        {
            ensureOpen();
            outgoingSize = KernelFrames.write(outgoing, 0, frame);
            transmit();
        }
        finally
        {
            sendLock.unlock();
        }
    }

    @Override
    public void send(final int id, final int flags, final byte[] data, final int offset, final int length,
        final long timeoutNanos) throws CanException
    {
        check(id, flags, length, 0);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            Objects.checkFromIndexSize(offset, length, data.length);
        }
        sendLock.lock();
        try
        {
            ensureOpen();
            outgoingSize = KernelFrames.write(outgoing, 0, id, flags, 0, data, offset, length);
            transmit();
        }
        finally
        {
            sendLock.unlock();
        }
    }

    @Override
    public void send(final int id, final int flags, final MemorySegment data, final long offset, final int length,
        final long timeoutNanos) throws CanException
    {
        check(id, flags, length, 0);
        if ((flags & FrameFlags.REMOTE) == 0)
        {
            Objects.checkFromIndexSize(offset, length, data.byteSize());
        }
        sendLock.lock();
        try
        {
            ensureOpen();
            outgoingSize = KernelFrames.write(outgoing, 0, id, flags, 0, data, offset, length);
            transmit();
        }
        finally
        {
            sendLock.unlock();
        }
    }

    @Override
    public FrameBatch newBatch(final int capacity) throws CanException
    {
        ensureOpen();
        return new FrameBatch(arena, capacity, config.fd());
    }

    @Override
    public int send(final FrameBatch batch, final long timeoutNanos) throws CanException
    {
        sendLock.lock();
        try
        {
            ensureOpen();
            for (int i = 0; i < batch.size(); i++)
            {
                MemorySegment.copy(batch.frames(), batch.frameOffset(i), outgoing, 0, batch.frameSize(i));
                outgoingSize = batch.frameSize(i);
                transmit();
            }
            return batch.size();
        }
        finally
        {
            sendLock.unlock();
        }
    }

    private void check(final int id, final int flags, final int length, final int len8Dlc)
    {
        if ((flags & FrameFlags.ERROR) == 0)
        {
            FrameRules.check(id, flags, length, len8Dlc);
        }
        if ((flags & FrameFlags.FD) != 0 && !config.fd())
        {
            throw new IllegalArgumentException("CAN FD frame on classic virtual bus '" + config.channel()
                + "' (open it with BusConfig.fd(true))");
        }
    }

    private void transmit()
    {
        channel.broadcast(this);
        FRAMES_SENT.setOpaque(this, framesSent + 1);
    }

    @Override
    public boolean flushTxBuffer(final Duration timeout) throws CanException
    {
        ensureOpen();
        return true; // delivery is synchronous: nothing is ever queued
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
        bcm.close(); // first, and outside the send lock: the software scheduler sends through this bus
        sendLock.lock();
        try
        {
            if (isClosed())
            {
                return;
            }
            CLOSED.setRelease(this, true);
            channel.leave(this);
            consumer.closeAndAwait();
            arena.close();
        }
        finally
        {
            sendLock.unlock();
        }
    }

    @Override
    public String toString()
    {
        return channelInfo();
    }

    /** Convenience for tests: a readable frame's copy sent through this bus. */
    void send(final ReadableFrame frame) throws CanException
    {
        send(CanFrame.copyOf(frame), config.sendTimeout());
    }

    private static final VarHandle CLOSED;
    private static final VarHandle FRAMES_READ;
    private static final VarHandle RING_DROPS;
    private static final VarHandle FRAMES_SENT;
    private static final VarHandle ERROR_FRAMES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(VirtualBus.class, "closed", boolean.class);
            FRAMES_READ = lookup.findVarHandle(VirtualBus.class, "framesRead", long.class);
            RING_DROPS = lookup.findVarHandle(VirtualBus.class, "ringDrops", long.class);
            FRAMES_SENT = lookup.findVarHandle(VirtualBus.class, "framesSent", long.class);
            ERROR_FRAMES = lookup.findVarHandle(VirtualBus.class, "errorFrames", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
