package org.panacan.isotp;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanException;

/**
 * What both ISO-TP backends share: the validated configuration, the queue of received PDUs and the receive loop
 * over it, the checks of a send's arguments, the locks and the closed state. Public only so that the backends'
 * packages can extend it; not meant for other implementations.
 *
 * <h2>Locks</h2>
 * {@code lifecycle} orders start, stop, close and address changes; {@code txLock} makes senders take turns;
 * {@code rxLock} guards one look at {@code queue} at a time; {@code waitLock} makes receivers take turns waiting,
 * so that a blocked receiver holds up nobody else.
 */
public abstract class AbstractIsoTpChannel implements IsoTpChannel
{
    /** Longer timeouts wait forever: keeps deadline arithmetic clear of overflow. */
    private static final Duration MAX_WAIT = Duration.ofDays(365);

    protected final BusConfig busConfig;
    protected final IsoTpParams params;
    protected final String backendReason;
    private final IsoTpBackend backend;
    /** Received PDUs (and, in the pure-Java backend, receive failures) not yet taken. */
    protected final PduQueue queue;
    protected final ReentrantLock lifecycle = new ReentrantLock();
    protected final ReentrantLock txLock = new ReentrantLock();
    protected final ReentrantLock rxLock = new ReentrantLock();
    protected final ReentrantLock waitLock = new ReentrantLock();
    protected volatile IsoTpAddress address;
    private final int maxPduLength;
    private volatile boolean closed;

    /**
     * Validates the channel's configuration; {@code largestPdu} is the longest PDU the backend can carry, which
     * bounds both the queue and the lengths a send accepts.
     */
    protected AbstractIsoTpChannel(final IsoTpBackend backend, final BusConfig busConfig, final IsoTpAddress address,
        final IsoTpParams params, final String backendReason, final int largestPdu)
    {
        if (busConfig.isAnyInterface())
        {
            throw new IllegalArgumentException("an ISO-TP channel needs one interface, not '"
                + BusConfig.ANY_INTERFACE + "'");
        }
        params.checkAddress(address);
        this.backend = backend;
        this.busConfig = busConfig;
        this.address = address;
        this.params = params;
        this.backendReason = backendReason;
        this.maxPduLength = Math.min(params.maxPduLength(), largestPdu);
        this.queue = new PduQueue(Math.max(1 << 16, 2 * (largestPdu + 16)));
    }

    @Override
    public final IsoTpBackend backend()
    {
        return backend;
    }

    @Override
    public final String backendReason()
    {
        return backendReason;
    }

    @Override
    public final IsoTpAddress address()
    {
        return address;
    }

    @Override
    public final IsoTpParams params()
    {
        return params;
    }

    @Override
    public final void close()
    {
        lifecycle.lock();
        try
        {
            stop();
            closed = true;
            queue.wake(); // a waiting receiver sees the channel closed
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    // --------------------------------------------------------------------------------------------------- send

    /** Throws when a PDU of {@code length} bytes cannot be sent to {@code type}: too long, or not a single frame. */
    protected final void checkLength(final int length, final TargetAddressType type)
    {
        if (length < 1 || length > maxPduLength)
        {
            throw new IllegalArgumentException("PDU length " + length + " is outside 1.." + maxPduLength
                + " (the max PDU length)");
        }
        final int singleFrame = params.singleFrameCapacity(address.txAddressLength());
        if ((type == TargetAddressType.FUNCTIONAL || params.sfBroadcast()) && length > singleFrame)
        {
            throw new IllegalArgumentException("PDU length " + length + " exceeds the " + singleFrame
                + " bytes of a single frame: " + (params.sfBroadcast() ? "SF broadcast" : "functional addressing")
                + " allows single frames only");
        }
    }

    /** Takes {@code txLock} within the timeout: senders take turns, and one waiting too long gives up. */
    protected final void lockSender(final long timeoutNanos) throws CanException
    {
        try
        {
            if (!txLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS))
            {
                throw new TransferTimeoutException(describe() + ": another send held the channel for "
                    + Duration.ofNanos(timeoutNanos));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new CanException(describe() + ": interrupted while waiting to send", ex);
        }
    }

    // ------------------------------------------------------------------------------------------------ receive

    @Override
    public final byte[] recv(final Duration timeout) throws CanException
    {
        final int length = lockNextPdu(timeout);
        if (length < 0)
        {
            return null;
        }
        try
        {
            final byte[] pdu = new byte[length];
            queue.take(pdu, 0);
            return pdu;
        }
        finally
        {
            rxLock.unlock();
        }
    }

    @Override
    public final int recv(final byte[] dst, final int offset, final Duration timeout) throws CanException
    {
        Objects.checkIndex(offset, dst.length + 1);
        final int length = lockNextPdu(timeout);
        if (length < 0)
        {
            return -1;
        }
        try
        {
            if (length > dst.length - offset)
            {
                throw new IllegalArgumentException("the next PDU has " + length + " bytes; the buffer "
                    + "has room for " + (dst.length - offset) + " (the PDU stays queued)");
            }
            return queue.take(dst, offset);
        }
        finally
        {
            rxLock.unlock();
        }
    }

    /**
     * Waits for the next PDU and returns its length with {@code rxLock} held, so that nothing clears the queue before
     * the caller takes the PDU and unlocks; -1, without the lock, when the timeout passed or the channel stopped.
     */
    private int lockNextPdu(final Duration timeout) throws CanException
    {
        final long deadline = receiveDeadline(timeout);
        waitLock.lock();
        try
        {
            while (true)
            {
                rxLock.lock();
                boolean found = false;
                try
                {
                    final int length = nextPdu();
                    found = length >= 0;
                    if (found)
                    {
                        return length;
                    }
                }
                finally
                {
                    if (!found)
                    {
                        rxLock.unlock();
                    }
                }
                if (!awaitPdu(deadline))
                {
                    return -1;
                }
            }
        }
        finally
        {
            waitLock.unlock();
        }
    }

    private long receiveDeadline(final Duration timeout) throws CanException
    {
        ensureStarted();
        return System.nanoTime() + nanos(timeout);
    }

    /**
     * Caller holds {@code rxLock}: the length of the PDU at the head of {@code queue} (it stays queued), or -1 when
     * there is none; throws a receive failure due before it.
     */
    protected abstract int nextPdu() throws CanException;

    /** Waits for news for the receiver until the deadline; false when it passed or the channel stopped. */
    protected abstract boolean awaitPdu(long deadline) throws CanException;

    // ------------------------------------------------------------------------------------------------- state

    protected final void ensureOpen() throws BusClosedException
    {
        if (closed)
        {
            throw new BusClosedException(describe());
        }
    }

    protected final void ensureStarted() throws CanException
    {
        ensureOpen();
        if (!isStarted())
        {
            throw notStarted();
        }
    }

    protected final IllegalStateException notStarted()
    {
        return new IllegalStateException(describe() + " is not started: call start() first");
    }

    /** The channel as exception messages name it. */
    protected final String describe()
    {
        return "ISO-TP channel " + busConfig.channel() + " " + address;
    }

    /** A timeout in nanoseconds: {@code null} and very long ones wait forever, negative ones not at all. */
    protected static long nanos(final Duration timeout)
    {
        if (timeout == null || timeout.compareTo(MAX_WAIT) > 0)
        {
            return Long.MAX_VALUE / 4;
        }
        return Math.max(0, timeout.toNanos());
    }
}
