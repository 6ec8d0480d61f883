package org.panacan.isotp.java;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFilter;
import org.panacan.FrameHandler;
import org.panacan.FrameView;
import org.panacan.TimestampMode;
import org.panacan.isotp.AbstractIsoTpChannel;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpError;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.PduQueue;
import org.panacan.isotp.TargetAddressType;
import org.panacan.isotp.TransferAbortedException;
import org.panacan.isotp.TransferTimeoutException;
import org.panacan.sys.LoopThread;

/**
 * The pure-Java ISO-TP backend: the whole protocol ({@link IsoTpReassembler}, {@link IsoTpSegmenter}) over a raw
 * CAN bus the channel opens for itself, with kernel filters on its receive identifiers.
 *
 * <h2>Threads</h2>
 * One protocol thread per started channel ({@link Engine}) reads the bus from its ring (invoker mode: one
 * {@code recvmmsg} per batch straight into the ring, {@link org.panacan.FrameView}s handed out without copies),
 * answers with flow control, paces consecutive frames and watches the timeouts. It sleeps in the kernel until a
 * frame arrives or the next deadline is near, then spins the last stretch, so that STmin is kept to the
 * microsecond without sleep-polling. The thread of a {@code send} puts the single or first frame on the bus
 * itself; the protocol thread takes over from the flow control on.
 *
 * <h2>Locks and happens-before</h2>
 * {@code protocol} guards both state machines and the bus writes; the protocol thread holds it while it handles a
 * batch of frames or its timers, never while it waits. {@code txLock} makes senders take turns; {@code rxLock} is
 * the queue's consumer role, held for one look at the queue at a time, and {@code waitLock} makes receivers take
 * turns waiting, so that a blocked receiver holds up neither stop nor stopReceiving; {@code lifecycle} orders
 * start, stop, close and address changes. A sender waiting for its transfer
 * publishes itself in {@code txWaiter} before re-checking the state under {@code protocol}; the protocol thread
 * reads {@code txWaiter} under {@code protocol} after every state change and unparks it, so no completion is
 * missed. Received PDUs pass through the {@link PduQueue}, whose own release/acquire orders them.
 */
public final class JavaIsoTpChannel extends AbstractIsoTpChannel
{
    /** Frames handed over per ring batch (and read per recvmmsg). */
    private static final int BATCH = 256;
    /** The protocol thread sleeps until this long before a deadline, then spins: covers the kernel's timer slack. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Longest sleep without a deadline; bounds how late an N_Bs started by a sender's first frame is noticed. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long the protocol thread polls for the next consecutive frame of a PDU before it sleeps. */
    private static final long RECEIVE_SPIN_NANOS = Long.getLong("panacan.isotp.receiveSpinNanos", 50_000L);
    private static final int CAN_EFF_FLAG = 0x8000_0000;
    /**
     * Socket receive buffer of the channel's bus (SO_RCVBUFFORCE, so as much as the kernel allows without
     * privileges otherwise): a PDU of 8300 bytes is 1200 frames sent back to back, more than the default buffer
     * holds while the protocol thread is off the CPU.
     */
    private static final int MIN_RECEIVE_BUFFER = 4 << 20;
    private static final int CAN_RTR_FLAG = 0x4000_0000;

    private final ReentrantLock protocol = new ReentrantLock();
    private Link link;
    private Thread txWaiter;
    private CanException linkFailure;
    private boolean unreportedResult;

    /** Validates everything; {@link #start()} opens the bus. */
    public JavaIsoTpChannel(final BusConfig busConfig, final IsoTpAddress address, final IsoTpParams params,
        final String backendReason)
    {
        super(IsoTpBackend.JAVA, busConfig, address, params, backendReason, params.maxPduLength());
    }

    // --------------------------------------------------------------------------------------------- life cycle

    @Override
    public void start() throws CanException
    {
        lifecycle.lock();
        try
        {
            ensureOpen();
            if (link != null)
            {
                return;
            }
            final CanBus bus = CanBus.open(linkBusConfig(address));
            try
            {
                final BusSink sink = new BusSink(bus, params.fd(), params.bitRateSwitch(),
                    busConfig.sendTimeout().toNanos());
                final Link started = new Link(bus, sink);
                protocol.lock();
                try
                {
                    started.configure(address);
                    link = started;
                }
                finally
                {
                    protocol.unlock();
                }
                started.thread.start();
            }
            catch (final CanException | RuntimeException | Error ex)
            {
                bus.close();
                throw ex;
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
            final Link stopping = link;
            if (stopping == null)
            {
                return;
            }
            stopping.thread.stopAndJoin();
            protocol.lock();
            try
            {
                stopping.segmenter.abort();
                link = null;
                wakeSender();
            }
            finally
            {
                protocol.unlock();
            }
            queue.wake(); // a waiting receiver sees the channel stopped
            rxLock.lock();
            try
            {
                queue.clear();
            }
            finally
            {
                rxLock.unlock();
            }
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    @Override
    public boolean isStarted()
    {
        protocol.lock();
        try
        {
            return link != null;
        }
        finally
        {
            protocol.unlock();
        }
    }

    private BusConfig linkBusConfig(final IsoTpAddress address)
    {
        return busConfig.toBuilder()
            .fd(params.fd())
            .receiveOwnMessages(false)
            .filters(filters(address))
            .joinFilters(false)
            .errorMask(0)
            .receiveBufferSize(Math.max(busConfig.receiveBufferSize(), MIN_RECEIVE_BUFFER))
            .batchSize(Math.min(BATCH, busConfig.ringCapacity()))
            .timestamps(params.rxStminMinimum() != null ? TimestampMode.SOFTWARE : TimestampMode.NONE)
            .build();
    }

    /** Exactly the receive identifiers (the kernel's SINGLE_MASK: identifier, EFF and RTR bits), or nothing. */
    private List<CanFilter> filters(final IsoTpAddress address)
    {
        if (params.sfBroadcast() || params.cfBroadcast())
        {
            return List.of(CanFilter.all().inverted()); // broadcast channels only send
        }
        final int mask = (address.rxMode().extendedIds() ? 0x1FFF_FFFF : 0x7FF) | CAN_EFF_FLAG | CAN_RTR_FLAG;
        final CanFilter physical = CanFilter.raw(address.rxIdWord(), mask);
        return address.rxFunctionalId() == address.rxId() ? List.of(physical)
            : List.of(physical, CanFilter.raw(address.rxFunctionalIdWord(), mask));
    }

    // --------------------------------------------------------------------------------------------------- send

    @Override
    public void send(final byte[] data, final int offset, final int length, final TargetAddressType targetAddressType,
        final Duration sendTimeout) throws CanException
    {
        Objects.checkFromIndexSize(offset, length, data.length);
        Objects.requireNonNull(targetAddressType, "targetAddressType");
        checkLength(length, targetAddressType);
        final long timeoutNanos = nanos(sendTimeout);
        final long deadline = System.nanoTime() + timeoutNanos;
        lockSender(timeoutNanos);
        try
        {
            final Link current = startedLink();
            if (!awaitTransmitterIdle(current, deadline))
            {
                throw new TransferTimeoutException(describe() + ": the previous transfer was still in progress after "
                    + sendTimeout);
            }
            protocol.lock();
            try
            {
                ensureSameLink(current);
                if (unreportedResult)
                {
                    unreportedResult = false;
                    throwIfFailed(current); // the previous transfer's failure, as the kernel reports it
                }
                final int idWord = address.txIdWord(targetAddressType);
                if (!current.segmenter.start(data, offset, length, idWord, System.nanoTime()))
                {
                    throwIfFailed(current);
                }
                if (!params.waitTxDone())
                {
                    unreportedResult = !current.segmenter.idle();
                    return;
                }
            }
            finally
            {
                protocol.unlock();
            }
            if (!awaitTransmitterIdle(current, deadline))
            {
                protocol.lock();
                try
                {
                    current.segmenter.abort();
                }
                finally
                {
                    protocol.unlock();
                }
                throw new TransferTimeoutException(describe() + ": the transfer of " + length
                    + " bytes did not complete within " + sendTimeout + "; abandoned");
            }
            protocol.lock();
            try
            {
                ensureSameLink(current);
                throwIfFailed(current);
            }
            finally
            {
                protocol.unlock();
            }
        }
        finally
        {
            txLock.unlock();
        }
    }

    /** Waits until no transfer runs on {@code current}; false on timeout. Throws when the link went away. */
    private boolean awaitTransmitterIdle(final Link current, final long deadline) throws CanException
    {
        try
        {
            while (true)
            {
                protocol.lock();
                try
                {
                    ensureSameLink(current);
                    if (current.segmenter.idle())
                    {
                        return true;
                    }
                    TX_WAITER.setVolatile(this, Thread.currentThread());
                }
                finally
                {
                    protocol.unlock();
                }
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0)
                {
                    return false;
                }
                LockSupport.parkNanos(this, remaining);
            }
        }
        finally
        {
            TX_WAITER.setRelease(this, null);
        }
    }

    /** Caller holds {@code protocol}: throws what ended the last transfer, unless it succeeded. */
    private void throwIfFailed(final Link current) throws CanException
    {
        final IsoTpSegmenter segmenter = current.segmenter;
        final int result = segmenter.result();
        if (result == IsoTpSegmenter.OK)
        {
            return;
        }
        if (result == IsoTpSegmenter.ABORTED)
        {
            throw new TransferAbortedException(describe() + ": the transfer was abandoned (stopSending, a new "
                + "address, or stop)");
        }
        if (result == IsoTpSegmenter.LINK_FAILURE)
        {
            final CanException cause = current.sink.takeFailure();
            throw new CanException(describe() + ": the bus refused a frame: "
                + (cause == null ? "unknown cause" : cause.getMessage()), cause);
        }
        final IsoTpError error = IsoTpError.of(result - 1);
        throw error.exception(describe() + ": " + transmitFailure(error, segmenter.resultDetail()));
    }

    private String transmitFailure(final IsoTpError error, final int detail)
    {
        return switch (error)
        {
            case FLOW_CONTROL_TIMEOUT -> "no flow control within " + params.flowControlTimeout() + " (N_Bs) after the "
                + (detail == 1 ? "first frame" : "block");
            case UNEXPECTED_FLOW_CONTROL -> String.format("flow control with reserved flow status 0x%X", detail);
            case TOO_MANY_WAIT_FRAMES -> detail + " consecutive FC.WAIT frames, wftmax is " + params.wftmax();
            case FLOW_CONTROL_OVERFLOW -> "the receiver answered with FC.OVFLW: the PDU does not fit its buffer";
            case PADDING_ERROR -> "a flow control frame of " + detail + " bytes is too short or breaks the padding "
                + "checks";
            default -> error.description();
        };
    }

    @Override
    public boolean transmitting()
    {
        protocol.lock();
        try
        {
            return link != null && !link.segmenter.idle();
        }
        finally
        {
            protocol.unlock();
        }
    }

    @Override
    public void stopSending()
    {
        protocol.lock();
        try
        {
            if (link != null)
            {
                link.segmenter.abort();
                unreportedResult = false;
                wakeSender();
            }
        }
        finally
        {
            protocol.unlock();
        }
    }

    /** Caller holds {@code protocol}: unparks a sender waiting for the transmitter. */
    private void wakeSender()
    {
        final Thread waiter = (Thread)TX_WAITER.getVolatile(this);
        if (waiter != null)
        {
            LockSupport.unpark(waiter);
        }
    }

    // ------------------------------------------------------------------------------------------------ receive

    /** Also throws a failure of the bus. */
    @Override
    protected int nextPdu() throws CanException
    {
        ensureOpen();
        final int header = queue.peek();
        if (header >= 0)
        {
            return header;
        }
        if (PduQueue.isError(header))
        {
            final CanException failure = receiveFailure(header);
            queue.skip();
            throw failure;
        }
        final CanException failure = (CanException)LINK_FAILURE.getAndSet(this, null);
        if (failure != null)
        {
            throw failure;
        }
        return -1;
    }

    /** Waits for the next record (a PDU or a receive failure) in the queue. */
    @Override
    protected boolean awaitPdu(final long deadline) throws CanException
    {
        final long wake = queue.wakeSequence();
        ensureOpen();
        if (System.nanoTime() - deadline >= 0 || !isStarted())
        {
            return false;
        }
        queue.await(deadline, wake);
        return isStarted();
    }

    private CanException receiveFailure(final int header)
    {
        final IsoTpError error = PduQueue.error(header);
        final int detail0 = queue.detail(0);
        final int detail1 = queue.detail(1);
        final String what = switch (error)
        {
            case CONSECUTIVE_FRAME_TIMEOUT -> "no consecutive frame within " + params.consecutiveFrameTimeout()
                + " (N_Cr) after " + detail0 + " of " + detail1 + " bytes";
            case WRONG_SEQUENCE_NUMBER -> "consecutive frame with sequence number " + detail1 + " where " + detail0
                + " was due";
            case FRAME_TOO_LONG -> "a first frame announced " + Integer.toUnsignedString(detail0)
                + " bytes, more than the max PDU length " + detail1 + "; answered with FC.OVFLW";
            case PADDING_ERROR -> (detail0 == FrameLayout.SINGLE_FRAME ? "a single frame" : "a consecutive frame")
                + " of " + detail1 + " bytes breaks the padding checks";
            default -> error.description();
        };
        return error.exception(describe() + ": " + what);
    }

    @Override
    public boolean available() throws CanException
    {
        ensureOpen();
        return !queue.isEmpty() || LINK_FAILURE.getAcquire(this) != null;
    }

    @Override
    public void stopReceiving()
    {
        protocol.lock();
        try
        {
            if (link != null)
            {
                link.protocol.reassembler.reset();
            }
        }
        finally
        {
            protocol.unlock();
        }
        rxLock.lock();
        try
        {
            queue.clear();
        }
        finally
        {
            rxLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ address

    @Override
    public void setAddress(final IsoTpAddress address) throws CanException
    {
        Objects.requireNonNull(address, "address");
        params.checkAddress(address);
        lifecycle.lock();
        try
        {
            ensureOpen();
            final Link current = link;
            if (current != null)
            {
                current.bus.setFilters(filters(address), false);
                protocol.lock();
                try
                {
                    current.segmenter.abort();
                    current.configure(address);
                    unreportedResult = false;
                    wakeSender();
                }
                finally
                {
                    protocol.unlock();
                }
            }
            this.address = address;
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Link startedLink() throws CanException
    {
        ensureOpen();
        protocol.lock();
        try
        {
            if (link == null)
            {
                throw notStarted();
            }
            return link;
        }
        finally
        {
            protocol.unlock();
        }
    }

    /** Caller holds {@code protocol}: throws when the channel stopped or closed since {@code expected} was read. */
    private void ensureSameLink(final Link expected) throws CanException
    {
        if (link != expected)
        {
            ensureOpen();
            throw new TransferAbortedException(describe() + ": stopped while sending");
        }
    }

    @Override
    public String toString()
    {
        return describe() + " (pure Java: " + backendReason + ")";
    }

    /**
     * What exists while the channel is started: the bus, the state machines and the protocol thread. The state
     * machines are replaced on an address change and guarded by {@code protocol}. The thread's wake-up closes the
     * bus, which ends its poll.
     */
    private final class Link
    {
        final CanBus bus;
        final BusSink sink;
        final LoopThread thread;
        IsoTpProtocol protocol;
        IsoTpSegmenter segmenter;

        Link(final CanBus bus, final BusSink sink)
        {
            this.bus = bus;
            this.sink = sink;
            this.thread = new LoopThread("panacan-isotp-" + busConfig.channel(), new Engine(this),
                ignored -> bus.close());
        }

        void configure(final IsoTpAddress address)
        {
            protocol = new IsoTpProtocol(address, params, sink, queue);
            segmenter = protocol.segmenter;
        }
    }

    /** The protocol thread of one {@link Link}; also the frame handler of its bus. */
    private final class Engine implements Runnable, FrameHandler
    {
        private final Link link;
        /** A segmented reception is in progress (as of the last timer round). */
        private boolean receiving;
        /** The time of the batch being handed over: one clock read per batch, not per frame. */
        private long batchNow;

        Engine(final Link link)
        {
            this.link = link;
        }

        @Override
        public void run()
        {
            final CanBus bus = link.bus;
            while (link.thread.isRunning())
            {
                try
                {
                    final long next = serviceTimers();
                    final long wait = next - System.nanoTime();
                    if (wait > SPIN_NANOS)
                    {
                        if (!(receiving && drainBriefly(bus)))
                        {
                            bus.poll(this, BATCH, Math.min(wait - SPIN_NANOS, IDLE_NANOS));
                        }
                    }
                    else if (wait > 0)
                    {
                        spinUntil(next);
                    }
                    else
                    {
                        bus.drain(this, BATCH);
                    }
                }
                catch (final BusClosedException closed)
                {
                    if (link.thread.isRunning())
                    {
                        fail(closed);
                    }
                    return;
                }
                catch (final CanException ex)
                {
                    fail(ex);
                    LockSupport.parkNanos(IDLE_NANOS); // the interface is down, say: do not spin on it
                }
                finally
                {
                    releaseProtocol();
                }
            }
        }

        /**
         * While a segmented PDU streams in, polls the bus for a moment before sleeping: the next consecutive frame
         * usually follows within microseconds, and catching it costs less than a wake-up.
         */
        private boolean drainBriefly(final CanBus bus) throws CanException
        {
            final long until = System.nanoTime() + RECEIVE_SPIN_NANOS;
            do
            {
                final int frames = bus.drain(this, BATCH);
                releaseProtocol();
                if (frames > 0)
                {
                    return true;
                }
                Thread.onSpinWait();
            }
            while (System.nanoTime() - until < 0);
            return false;
        }

        /** Fires due timers and frames; returns the next deadline. */
        private long serviceTimers()
        {
            protocol.lock();
            try
            {
                final long next = link.protocol.service(System.nanoTime());
                receiving = link.protocol.reassembler.busy();
                return next;
            }
            finally
            {
                releaseProtocol();
            }
        }

        private void spinUntil(final long deadline)
        {
            while (System.nanoTime() - deadline < 0 && link.thread.isRunning())
            {
                Thread.onSpinWait();
            }
        }

        private void fail(final CanException failure)
        {
            LINK_FAILURE.setRelease(JavaIsoTpChannel.this, failure);
            queue.wake();
        }

        /** Releases {@code protocol} if a frame took it, telling a waiting sender first. */
        private void releaseProtocol()
        {
            if (protocol.isHeldByCurrentThread())
            {
                if (link.segmenter.idle())
                {
                    wakeSender();
                }
                protocol.unlock();
            }
        }

        @Override
        public void onFrame(final FrameView frame)
        {
            if (!protocol.isHeldByCurrentThread())
            {
                protocol.lock(); // held for the rest of the batch; released when poll or drain returns
                batchNow = System.nanoTime();
            }
            final long stamp = frame.timestampNanos();
            link.protocol.onFrame(frame.rawCanId(), frame.isFd(), frame.segment(), frame.dataOffset(),
                frame.length(), stamp != 0 ? stamp : batchNow, batchNow);
        }
    }

    private static final VarHandle TX_WAITER;
    private static final VarHandle LINK_FAILURE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TX_WAITER = lookup.findVarHandle(JavaIsoTpChannel.class, "txWaiter", Thread.class);
            LINK_FAILURE = lookup.findVarHandle(JavaIsoTpChannel.class, "linkFailure", CanException.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
