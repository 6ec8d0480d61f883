package org.panacan.isotp;

import java.time.Duration;

import org.panacan.BusConfig;
import org.panacan.CanException;
import org.panacan.isotp.java.JavaIsoTpChannel;
import org.panacan.isotp.kernel.KernelIsoTpChannel;

/**
 * An ISO 15765-2 transport channel to one peer: the Jumpstarter {@code IsoTpClient} / python-can-isotp
 * {@code TransportLayer} API, complete on both backends: a Linux {@code CAN_ISOTP} socket, or the pure-Java protocol
 * over a raw CAN bus of the channel's own (never the application's). Both put the same frames on the wire.
 *
 * <h2>Life cycle</h2>
 * {@link #open} validates everything and picks the backend; {@link #start()} opens the sockets and begins
 * listening (the pure-Java backend starts its protocol thread); {@link #stop()} ends listening, abandons transfers
 * and discards received PDUs; {@link #close()} stops for good. Sending and receiving need a started channel.
 *
 * <h2>Sending</h2>
 * One transfer at a time, like the kernel: {@link #send} waits for the previous transfer (up to the send timeout),
 * then sends. With {@link IsoTpParams#waitTxDone()} (the default) it returns once the whole PDU is out and throws
 * the {@link IsoTpException} of a failed transfer; otherwise it returns as soon as the transfer started, and a
 * failure is thrown by the next send. {@link TargetAddressType#FUNCTIONAL} allows single frames only.
 *
 * <h2>Receiving</h2>
 * Complete PDUs queue up until {@link #recv} takes them; a receive-side failure (N_Cr timeout, wrong sequence
 * number, padding, a first frame that is too long) is thrown by the next {@code recv}, in order with the PDUs.
 */
public interface IsoTpChannel extends AutoCloseable
{
    /**
     * Opens a channel on the bus {@code bus} describes (its transport and channel name; the ISO-TP backend sets its
     * own filters and CAN FD mode), not started.
     *
     * @throws IllegalArgumentException when the address and parameters do not fit together or the KERNEL backend
     *     cannot honour them
     * @throws CanException when the KERNEL backend was asked for and the kernel has no {@code CAN_ISOTP}
     */
    static IsoTpChannel open(final BusConfig bus, final IsoTpAddress address, final IsoTpParams params)
        throws CanException
    {
        final String kernelRefusal = KernelIsoTpChannel.refusal(bus, address, params);
        return switch (params.backend())
        {
            case KERNEL ->
            {
                if (kernelRefusal != null)
                {
                    throw new IllegalArgumentException("the kernel ISO-TP backend cannot be used: " + kernelRefusal);
                }
                yield new KernelIsoTpChannel(bus, address, params, "asked for");
            }
            case JAVA -> new JavaIsoTpChannel(bus, address, params, "asked for");
            case AUTO -> kernelRefusal == null
                ? new KernelIsoTpChannel(bus, address, params, "the kernel has CAN_ISOTP")
                : new JavaIsoTpChannel(bus, address, params, kernelRefusal);
        };
    }

    /** Opens a channel on the SocketCAN interface {@code interfaceName}. */
    static IsoTpChannel open(final String interfaceName, final IsoTpAddress address, final IsoTpParams params)
        throws CanException
    {
        return open(BusConfig.socketCan(interfaceName).build(), address, params);
    }

    /** The backend in use: {@link IsoTpBackend#KERNEL} or {@link IsoTpBackend#JAVA}. */
    IsoTpBackend backend();

    /** Why {@link #backend()} was chosen, e.g. "the kernel has CAN_ISOTP" or "virtual bus". */
    String backendReason();

    IsoTpAddress address();

    IsoTpParams params();

    // --------------------------------------------------------------------------------------------- life cycle

    /** Starts listening: opens the sockets (and the pure-Java backend's protocol thread). Idempotent. */
    void start() throws CanException;

    /** Stops listening: abandons transfers, discards received PDUs, closes the sockets. Idempotent. */
    void stop();

    /** Whether the channel is started. */
    boolean isStarted();

    // --------------------------------------------------------------------------------------------------- send

    /** Sends {@code data} to the peer (physical addressing) within {@link IsoTpParams#sendTimeout()}. */
    default void send(final byte[] data) throws CanException
    {
        send(data, 0, data.length, TargetAddressType.PHYSICAL, params().sendTimeout());
    }

    /** Sends {@code data} with the given target address type within {@code sendTimeout}. */
    default void send(final byte[] data, final TargetAddressType targetAddressType, final Duration sendTimeout)
        throws CanException
    {
        send(data, 0, data.length, targetAddressType, sendTimeout);
    }

    /**
     * Sends one PDU from a slice of {@code data} (copied before this returns). Bad input (empty, longer than
     * {@link IsoTpParams#maxPduLength()}, longer than a single frame for functional addressing or SF broadcast)
     * throws {@link IllegalArgumentException} before anything is sent.
     *
     * @throws TransferTimeoutException when the previous transfer or, with waitTxDone, this one did not complete
     *     within {@code sendTimeout}
     * @throws IsoTpException when this transfer failed (with waitTxDone) or the previous one did (without)
     * @throws TransferAbortedException when {@link #stopSending()} or {@link #stop()} abandoned the transfer
     */
    void send(byte[] data, int offset, int length, TargetAddressType targetAddressType, Duration sendTimeout)
        throws CanException;

    /** Whether a transfer is in progress. */
    boolean transmitting();

    /** Abandons the transfer in progress; a send waiting for it throws {@link TransferAbortedException}. */
    void stopSending();

    // ------------------------------------------------------------------------------------------------ receive

    /**
     * The next PDU, waiting up to {@code timeout} ({@code null}: no limit), or {@code null} when none came.
     * Allocates the returned array; {@link #recv(byte[], int, Duration)} does not.
     */
    byte[] recv(Duration timeout) throws CanException;

    /** Jumpstarter's form: without {@code block} returns at once; with it waits up to {@code timeout}. */
    default byte[] recv(final boolean block, final Duration timeout) throws CanException
    {
        return recv(block ? timeout : Duration.ZERO);
    }

    /**
     * Copies the next PDU into {@code dst} at {@code offset}, waiting up to {@code timeout} ({@code null}: no
     * limit). No allocation.
     *
     * @return the PDU's length, or -1 when none came in time
     * @throws IllegalArgumentException when the next PDU does not fit; it stays queued
     */
    int recv(byte[] dst, int offset, Duration timeout) throws CanException;

    /** Whether a PDU (or a receive failure) waits to be taken by {@link #recv}. */
    boolean available() throws CanException;

    /** Abandons the reception in progress and discards every PDU not yet taken. */
    void stopReceiving();

    // ------------------------------------------------------------------------------------------------ address

    /**
     * Changes the address; transfers in progress are abandoned (a waiting send throws
     * {@link TransferAbortedException}).
     */
    void setAddress(IsoTpAddress address) throws CanException;

    /** Stops the channel for good; every later call throws {@link org.panacan.BusClosedException}. Idempotent. */
    @Override
    void close();
}
