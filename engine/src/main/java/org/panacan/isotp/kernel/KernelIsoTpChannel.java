package org.panacan.isotp.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.panacan.BusConfig;
import org.panacan.CanException;
import org.panacan.isotp.AbstractIsoTpChannel;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpError;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.PduQueue;
import org.panacan.isotp.TargetAddressType;
import org.panacan.isotp.TransferAbortedException;
import org.panacan.isotp.TransferTimeoutException;
import org.panacan.sys.Errno;
import org.panacan.sys.ReadinessWaiter;
import org.panacan.sys.SyscallException;
import org.panacan.sys.Syscalls;

/**
 * The kernel ISO-TP backend: Linux's {@code CAN_ISOTP} sockets ({@link KernelLink}), every option mapped from
 * {@link IsoTpParams} ({@link IsoTpSockets}), kernel errno values mapped to the {@link IsoTpError}s the pure-Java
 * backend raises.
 *
 * <h2>What the kernel decides</h2>
 * The kernel's N_Bs and N_Cr are fixed at 1 s; a transfer handed to the kernel cannot be recalled. So a send that
 * times out, {@link #stopSending()} and {@link #stop()} release the waiting caller at once while the kernel
 * finishes or fails that transfer on its own (at most about a second without FC.WAIT frames); the next send waits
 * for it. A reception in progress can only be abandoned by closing the socket: {@link #stopReceiving()} does so
 * when no transfer is in flight. {@link IsoTpParams#waitTxDone()} is the kernel's flag, always set on the socket,
 * and decides whether {@code send} waits for the outcome.
 *
 * <h2>Threads and locks</h2>
 * {@code lifecycle} orders start, stop, close and socket replacement; {@code txLock} makes senders take turns;
 * {@code rxLock} guards the non-blocking receive steps and {@code queue} (PDUs read ahead by
 * {@link #available()} or too long for a caller's buffer); {@code waitLock} gives one receiver at a time the
 * socket waiter, and is never needed by anything else, so a blocked receiver holds up nobody.
 */
public final class KernelIsoTpChannel extends AbstractIsoTpChannel
{
    private static final long SWAP_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int kernelMaxPduLength;
    private final byte[] heldCopy;
    private KernelLink link;
    private boolean started;
    private int pendingReceiveErrno;
    private CanException pendingFailure;
    private boolean unreportedResult;

    /** Validates everything; {@link #start()} opens the sockets. */
    public KernelIsoTpChannel(final BusConfig busConfig, final IsoTpAddress address, final IsoTpParams params,
        final String backendReason)
    {
        final int kernelMaxPduLength = IsoTpSockets.maxPduLength();
        super(IsoTpBackend.KERNEL, busConfig, address, params, backendReason, kernelMaxPduLength);
        this.kernelMaxPduLength = kernelMaxPduLength;
        this.heldCopy = new byte[kernelMaxPduLength];
    }

    /**
     * Why the kernel backend cannot serve this channel, or {@code null} when it can: no kernel, a virtual bus, or
     * a parameter the kernel has no equivalent for.
     */
    public static String refusal(final BusConfig bus, final IsoTpAddress address, final IsoTpParams params)
    {
        if (bus.transport() != BusConfig.Transport.SOCKETCAN)
        {
            return "the bus is virtual (no kernel)";
        }
        if (!IsoTpSockets.available())
        {
            return "the kernel has no CAN_ISOTP (module can-isotp)";
        }
        if (address.txAddressLength() != address.rxAddressLength())
        {
            return "the kernel has an address byte in both directions or in neither (" + address + ")";
        }
        if (params.dynamicFlowControl() && !IsoTpSockets.kernelAtLeast(6, 8))
        {
            return "dynamic flow control needs Linux 6.8 (CAN_ISOTP_DYN_FC_PARMS)";
        }
        if (!params.flowControlTimeout().equals(IsoTpParams.KERNEL_TIMEOUT)
            || !params.consecutiveFrameTimeout().equals(IsoTpParams.KERNEL_TIMEOUT))
        {
            return "the kernel's N_Bs and N_Cr are fixed at " + IsoTpParams.KERNEL_TIMEOUT;
        }
        if (params.rateLimitBitsPerSecond() != 0)
        {
            return "the kernel has no rate limit";
        }
        if (params.maxPduLength() > IsoTpSockets.maxPduLength())
        {
            return "the kernel takes PDUs up to " + IsoTpSockets.maxPduLength() + " bytes";
        }
        return null;
    }

    // --------------------------------------------------------------------------------------------- life cycle

    @Override
    public void start() throws CanException
    {
        lifecycle.lock();
        try
        {
            ensureOpen();
            if (!started)
            {
                LINK.setRelease(this, openLink(address));
                STARTED.setRelease(this, true);
            }
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    private KernelLink openLink(final IsoTpAddress address) throws CanException
    {
        final String name = busConfig.channel();
        final int ifindex = Syscalls.interfaceIndex(name);
        final int physical = IsoTpSockets.open(ifindex, name, address.txIdWord(TargetAddressType.PHYSICAL),
            address.rxIdWord(), address, params);
        int functional = -1;
        try
        {
            if (address.hasFunctionalIds() && !params.sfBroadcast() && !params.cfBroadcast())
            {
                functional = IsoTpSockets.open(ifindex, name, address.txIdWord(TargetAddressType.FUNCTIONAL),
                    address.rxFunctionalIdWord(), address, params);
            }
            return new KernelLink(physical, functional, kernelMaxPduLength, name, this::onReceiveErrno);
        }
        catch (final CanException | RuntimeException ex)
        {
            Syscalls.close(physical);
            if (functional >= 0)
            {
                Syscalls.close(functional);
            }
            throw ex;
        }
    }

    @Override
    public void stop()
    {
        lifecycle.lock();
        try
        {
            if (!started)
            {
                return;
            }
            STARTED.setRelease(this, false);
            final KernelLink stopping = link;
            LINK.setRelease(this, null);
            stopping.retire(); // wakes a waiting receiver, releases a waiting sender
            stopping.awaitFreed(); // every descriptor closed (after a transfer in the kernel, if any)
            rxLock.lock();
            try
            {
                discardReceived();
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
        return (boolean)STARTED.getAcquire(this);
    }

    /**
     * Caller holds {@code lifecycle}: closes the sockets (after the transfer in the kernel, if any) and opens new
     * ones for {@code address}. The old sockets are gone before the new ones bind, so that no frame is answered
     * twice. Queued PDUs are kept unless {@code discard}.
     */
    private void replaceLink(final IsoTpAddress address, final boolean discard) throws CanException
    {
        final KernelLink old = link;
        LINK.setRelease(this, null); // receivers pause (SWAP_PAUSE_NANOS) until the new link is there
        rxLock.lock();
        try
        {
            if (discard)
            {
                discardReceived();
            }
            else
            {
                drainInto(old);
            }
        }
        finally
        {
            rxLock.unlock();
        }
        old.retire();
        old.awaitFreed();
        try
        {
            LINK.setRelease(this, openLink(address));
        }
        catch (final CanException | RuntimeException ex)
        {
            STARTED.setRelease(this, false);
            throw ex;
        }
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
            final KernelLink current = acquireLink();
            try
            {
                awaitTransmitter(current, deadline, current.ticket(), -1, sendTimeout);
                if (unreportedResult)
                {
                    unreportedResult = false;
                    throwIfFailed(current.result());
                }
                MemorySegment.copy(data, offset, current.txBuffer(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0,
                    length);
                final boolean functional = targetAddressType == TargetAddressType.FUNCTIONAL
                    && current.functionalFd >= 0;
                final long ticket = current.ticket();
                final int fd = functional ? current.functionalFd : current.physicalFd;
                if (params.waitTxDone() && length <= params.singleFrameCapacity(address.txAddressLength()))
                {
                    current.transferHere(fd, length); // over at its echo: no hand-off to the sender thread
                }
                else
                {
                    current.submit(fd, length);
                }
                if (!params.waitTxDone())
                {
                    unreportedResult = true;
                    return;
                }
                awaitTransmitter(current, deadline, ticket, length, sendTimeout);
                throwIfFailed(current.result());
            }
            finally
            {
                current.release();
            }
        }
        finally
        {
            txLock.unlock();
        }
    }

    /**
     * Waits for the transmitter; {@code length} names the transfer waited for in a timeout's message, -1 for the
     * previous one.
     */
    private void awaitTransmitter(final KernelLink current, final long deadline, final long ticket, final int length,
        final Duration sendTimeout) throws CanException
    {
        switch (current.awaitIdle(deadline, ticket))
        {
            case KernelLink.IDLE_NOW ->
            {
            }
            case KernelLink.TIMED_OUT -> throw new TransferTimeoutException(describe() + ": " + (length < 0
                ? "the previous transfer was still in progress after " + sendTimeout
                : "the transfer of " + length + " bytes did not complete within " + sendTimeout
                    + " (the kernel finishes or fails it on its own)"));
            default ->
            {
                unreportedResult = false;
                ensureOpen();
                throw new TransferAbortedException(describe() + ": the transfer was abandoned (stopSending, a new "
                    + "address, or stop); the kernel finishes or fails it on its own");
            }
        }
    }

    private void throwIfFailed(final int errno) throws CanException
    {
        if (errno != 0)
        {
            throw failure("write", errno);
        }
    }

    @Override
    public boolean transmitting()
    {
        final KernelLink current = (KernelLink)LINK.getAcquire(this);
        return current != null && current.transmitting();
    }

    /**
     * Releases a send waiting for its transfer: the kernel cannot recall a transfer (closing the socket would wait
     * for it too), so it finishes or fails it on its own; the next send waits for it.
     */
    @Override
    public void stopSending()
    {
        final KernelLink current = (KernelLink)LINK.getAcquire(this);
        if (current != null)
        {
            current.abandon();
        }
    }

    // ------------------------------------------------------------------------------------------------ receive

    /** Reads the sockets without blocking when {@code queue} is empty; throws receive failures, in order. */
    @Override
    protected int nextPdu() throws CanException
    {
        ensureStarted();
        final int header = queue.peek();
        if (header >= 0)
        {
            return header;
        }
        final CanException failure = (CanException)PENDING_FAILURE.getAndSet(this, null);
        if (failure != null)
        {
            throw failure;
        }
        final int errno = (int)PENDING_RECEIVE_ERRNO.getAndSet(this, 0);
        if (errno != 0)
        {
            throw failure("read", errno);
        }
        final KernelLink current = (KernelLink)LINK.getAcquire(this);
        if (current == null || !current.acquire())
        {
            return -1;
        }
        try
        {
            for (int socket = 0; socket < current.sockets(); socket++)
            {
                final int length = current.read(socket);
                if (length >= 0)
                {
                    hold(current, length);
                    return length;
                }
                if (length != KernelLink.NOTHING)
                {
                    throw failure("read", -length);
                }
            }
            return -1;
        }
        finally
        {
            current.release();
        }
    }

    /** Waits for socket events (or a link change). */
    @Override
    protected boolean awaitPdu(final long deadline) throws CanException
    {
        final long remaining = deadline - System.nanoTime();
        if (remaining <= 0)
        {
            return false;
        }
        final KernelLink current = (KernelLink)LINK.getAcquire(this);
        if (current == null || !current.acquire())
        {
            ensureOpen();
            if (!isStarted())
            {
                return false; // stopped while waiting: no PDU
            }
            LockSupport.parkNanos(this, Math.min(remaining, SWAP_PAUSE_NANOS)); // the sockets are being replaced
            return true;
        }
        try
        {
            current.awaitEvents(remaining);
            return isStarted(); // stopped while waiting: no PDU
        }
        finally
        {
            current.release();
        }
    }

    /** Caller holds rxLock: moves the PDU just read into {@code queue}. */
    private void hold(final KernelLink current, final int length)
    {
        MemorySegment.copy(current.rxBuffer(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, heldCopy, 0, length);
        queue.offer(heldCopy, 0, length);
    }

    @Override
    public boolean available() throws CanException
    {
        rxLock.lock();
        try
        {
            ensureOpen();
            if (!isStarted())
            {
                return false;
            }
            if (queue.peek() != PduQueue.EMPTY || (int)PENDING_RECEIVE_ERRNO.getAcquire(this) != 0
                || PENDING_FAILURE.getAcquire(this) != null)
            {
                return true;
            }
            try
            {
                return nextPdu() >= 0;
            }
            catch (final CanException failure)
            {
                PENDING_FAILURE.setRelease(this, failure); // thrown by the next recv
                return true;
            }
        }
        finally
        {
            rxLock.unlock();
        }
    }

    /**
     * Discards every PDU not yet taken; closes and reopens the sockets to abandon a reception in progress when no
     * transfer is in flight (closing would wait for the transfer, and frames would go unanswered meanwhile).
     */
    @Override
    public void stopReceiving()
    {
        lifecycle.lock();
        try
        {
            final KernelLink current = link;
            if (current == null)
            {
                return;
            }
            if (current.transmitting())
            {
                rxLock.lock();
                try
                {
                    discardReceived();
                    drainInto(current);
                    queue.clear();
                }
                finally
                {
                    rxLock.unlock();
                }
                return;
            }
            try
            {
                replaceLink(address, true);
            }
            catch (final CanException ex)
            {
                PENDING_FAILURE.setRelease(this, ex);
            }
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    /** Caller holds rxLock: forgets queued PDUs and pending receive failures. */
    private void discardReceived()
    {
        queue.clear();
        PENDING_RECEIVE_ERRNO.setRelease(this, 0);
    }

    /** Caller holds rxLock: moves the PDUs queued in {@code source}'s sockets into {@code queue}. */
    private void drainInto(final KernelLink source)
    {
        if (!source.acquire())
        {
            return;
        }
        try
        {
            for (int socket = 0; socket < source.sockets(); socket++)
            {
                int length;
                while ((length = source.read(socket)) != KernelLink.NOTHING)
                {
                    if (length >= 0)
                    {
                        hold(source, length);
                    }
                    else
                    {
                        onReceiveErrno(-length);
                    }
                }
            }
        }
        finally
        {
            source.release();
        }
    }

    /** A receive failure consumed off the receive path (by the sender, or while draining); its link wakes us. */
    private void onReceiveErrno(final int errno)
    {
        PENDING_RECEIVE_ERRNO.setRelease(this, errno);
    }

    // ------------------------------------------------------------------------------------------------ address

    @Override
    public void setAddress(final IsoTpAddress address) throws CanException
    {
        Objects.requireNonNull(address, "address");
        params.checkAddress(address);
        final String refusal = refusal(busConfig, address, params);
        if (refusal != null)
        {
            throw new IllegalArgumentException("the kernel ISO-TP backend cannot use " + address + ": " + refusal);
        }
        lifecycle.lock();
        try
        {
            ensureOpen();
            if (started)
            {
                replaceLink(address, false);
            }
            this.address = address;
        }
        finally
        {
            lifecycle.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private KernelLink acquireLink() throws CanException
    {
        while (true)
        {
            ensureStarted();
            final KernelLink current = (KernelLink)LINK.getAcquire(this);
            if (current != null && current.acquire())
            {
                return current;
            }
            LockSupport.parkNanos(this, SWAP_PAUSE_NANOS); // the sockets are being replaced
        }
    }

    /** The exception for a kernel errno: the ISO-TP failure it stands for, or the system call failure. */
    private CanException failure(final String syscall, final int errno)
    {
        final IsoTpError error = IsoTpError.ofKernelErrno(errno);
        if (error == null)
        {
            return SyscallException.of(syscall, errno, busConfig.channel());
        }
        return error.exception(describe() + ": " + error.description() + " (kernel: " + syscall + " "
            + Errno.name(errno) + ")");
    }

    @Override
    public String toString()
    {
        return describe() + " (kernel: " + backendReason + ")";
    }

    private static final VarHandle LINK;
    private static final VarHandle STARTED;
    private static final VarHandle PENDING_RECEIVE_ERRNO;
    private static final VarHandle PENDING_FAILURE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            LINK = lookup.findVarHandle(KernelIsoTpChannel.class, "link", KernelLink.class);
            STARTED = lookup.findVarHandle(KernelIsoTpChannel.class, "started", boolean.class);
            PENDING_RECEIVE_ERRNO = lookup.findVarHandle(KernelIsoTpChannel.class, "pendingReceiveErrno", int.class);
            PENDING_FAILURE = lookup.findVarHandle(KernelIsoTpChannel.class, "pendingFailure", CanException.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
