package org.panacan;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.panacan.bcm.PeriodicOptions;
import org.panacan.bcm.PeriodicTask;
import org.panacan.bcm.Watch;
import org.panacan.bcm.WatchListener;
import org.panacan.bcm.WatchOptions;
import org.panacan.raw.SocketCanBus;
import org.panacan.virtual.VirtualBus;

/**
 * A CAN bus: python-can's {@code BusABC} and the Jumpstarter {@code CanClient} (start, stop, send, recv,
 * send_periodic, set_filters, flush_tx_buffer, shutdown, channel_info, state, protocol), shaped for Java.
 *
 * <h2>Receiving</h2>
 * Frames land in an off-heap ring. Without {@link #start()}, the thread that calls {@link #recv}, {@link #poll} or
 * {@link #drain} reads the socket itself (one {@code recvmmsg} for a whole batch): the lowest latency, no thread
 * hop. After {@link #start()}, a receive thread keeps the socket drained into the ring, so that bursts are not lost
 * while the application is busy. Either way one thread at a time consumes.
 *
 * <h2>Sending</h2>
 * Any thread may send, concurrently; each frame goes out whole or not at all, on the caller's thread. A full
 * transmit queue is retried with a bounded back-off until the timeout, then {@link TransmitTimeoutException}.
 *
 * <h2>Periodic sending and watches</h2>
 * {@link #sendPeriodic} hands cyclic frames to the kernel's Broadcast Manager, {@link #watch} asks it to report
 * content changes and silences of an identifier: see {@link org.panacan.bcm}.
 *
 * <h2>Lifetime</h2>
 * {@link #close()} ends periodic tasks and watches, stops the receive thread, wakes blocked readers with
 * {@link BusClosedException} (a reader sleeping inside the receive call of a SocketCAN bus within 50 ms: Linux
 * cannot interrupt it), and releases every file descriptor and every byte of native memory. Every later call
 * throws {@link BusClosedException}.
 */
public interface CanBus extends AutoCloseable
{
    /** Opens a SocketCAN bus on {@code interfaceName} with the default configuration. */
    static CanBus open(final String interfaceName) throws CanException
    {
        return open(BusConfig.socketCan(interfaceName).build());
    }

    /** Opens a bus as configured. */
    static CanBus open(final BusConfig config) throws CanException
    {
        return switch (config.transport())
        {
            case SOCKETCAN -> new SocketCanBus(config);
            case VIRTUAL -> new VirtualBus(config);
        };
    }

    /** The configuration this bus was opened with (filters and error mask as last set). */
    BusConfig config();

    /** A description such as {@code socketcan channel 'vcan0' (ifindex 3), CAN FD}. */
    String channelInfo();

    /** Classic CAN or CAN FD. */
    CanProtocol protocol();

    /** The controller state as derived from received error frames. */
    BusState state();

    /** A snapshot of the receive, drop and send counters. */
    BusCounters counters();

    /** The name of the interface with kernel index {@code interfaceIndex} (frames on an any-interface bus). */
    String interfaceName(int interfaceIndex);

    // ------------------------------------------------------------------------------------------------- receive

    /** Starts the receive thread. Idempotent. */
    void start() throws CanException;

    /** Stops the receive thread; frames already in the ring stay readable. Idempotent. */
    void stop();

    /** Whether the receive thread runs. */
    boolean isReceiving();

    /**
     * Waits up to {@code timeout} for a frame and returns a copy of it, or {@code null} when none came.
     * {@link Duration#ZERO} does not wait. Allocates one {@link CanFrame}; see {@link #poll} for the free path.
     */
    CanFrame recv(Duration timeout) throws CanException;

    /**
     * Hands every frame already received, up to {@code limit}, to {@code handler}; does not wait. No allocation.
     *
     * @return the number of frames handled
     */
    int drain(FrameHandler handler, int limit) throws CanException;

    /**
     * Waits up to {@code timeoutNanos} for at least one frame, then hands up to {@code limit} to {@code handler}.
     * No allocation.
     *
     * @return the number of frames handled, 0 on timeout
     */
    int poll(FrameHandler handler, int limit, long timeoutNanos) throws CanException;

    /**
     * The frames of this bus as a blocking stream that ends when the bus closes (python-can's iteration). Each
     * element is a copied {@link CanFrame}.
     */
    Stream<CanFrame> frames();

    /** Replaces the kernel receive filters ({@code CAN_RAW_FILTER}); empty passes everything. */
    void setFilters(List<CanFilter> filters, boolean join) throws CanException;

    /** Replaces the kernel receive filters; a frame passes when any filter passes it. */
    default void setFilters(final CanFilter... filters) throws CanException
    {
        setFilters(List.of(filters), false);
    }

    /** Sets which error classes are received ({@code CAN_RAW_ERR_FILTER}); 0 receives none. */
    void setErrorMask(int errorMask) throws CanException;

    // ---------------------------------------------------------------------------------------------------- send

    /** Sends {@code frame}, retrying a full transmit queue for the configured send timeout. */
    default void send(final CanFrame frame) throws CanException
    {
        send(frame, config().sendTimeout());
    }

    /** Sends {@code frame}, retrying a full transmit queue for up to {@code timeout}. */
    void send(CanFrame frame, Duration timeout) throws CanException;

    /**
     * Sends one frame from a byte array slice without allocating.
     *
     * @param id           identifier without flag bits
     * @param flags        {@link FrameFlags} wire bits
     * @param data         payload source (ignored for remote frames)
     * @param offset       first payload byte in {@code data}
     * @param length       payload length (for a remote frame: the requested length)
     * @param timeoutNanos how long to retry a full transmit queue; 0 tries once
     */
    void send(int id, int flags, byte[] data, int offset, int length, long timeoutNanos) throws CanException;

    /** Sends one frame from a memory segment slice without allocating; see the byte-array overload. */
    void send(int id, int flags, MemorySegment data, long offset, int length, long timeoutNanos) throws CanException;

    /** A reusable batch of up to {@code capacity} frames for {@link #send(FrameBatch, long)}; freed with the bus. */
    FrameBatch newBatch(int capacity) throws CanException;

    /**
     * Sends every frame of {@code batch} in order, as few system calls as possible ({@code sendmmsg}). Returns when
     * all went out; throws {@link TransmitTimeoutException} naming how many did when the queue stayed full.
     *
     * @return the number of frames sent (the batch size)
     */
    int send(FrameBatch batch, long timeoutNanos) throws CanException;

    /**
     * Waits until frames this bus sent have left its socket (the kernel's {@code SIOCOUTQ} reaches 0), up to
     * {@code timeout}. Frames already handed to the kernel cannot be recalled, so "flush" here means drain.
     *
     * @return whether the queue emptied within the timeout
     */
    boolean flushTxBuffer(Duration timeout) throws CanException;

    // ------------------------------------------------------------------------------ periodic send and watches

    /**
     * Sends {@code frames} (1..256, all classic or all CAN FD) one after another, one every {@code period}, until
     * stopped, the options' count or duration runs out, or the bus closes (python-can's {@code send_periodic}). On
     * SocketCAN the kernel's Broadcast Manager sends them ({@code TX_SETUP}); on the virtual bus, and for options with
     * a payload modifier, panacan's software scheduler does. Everything is checked before anything is set up.
     *
     * @param period between two frames: whole microseconds, 1 µs .. 400 days (what a BCM timer holds)
     * @throws IllegalArgumentException the frames, the period or the options cannot be run as asked
     */
    PeriodicTask sendPeriodic(List<CanFrame> frames, Duration period, PeriodicOptions options)
        throws CanException;

    /** Sends {@code frame} every {@code period} until stopped. */
    default PeriodicTask sendPeriodic(final CanFrame frame, final Duration period) throws CanException
    {
        return sendPeriodic(List.of(frame), period, PeriodicOptions.defaults());
    }

    /** Sends {@code frame} every {@code period} for {@code duration} (python-can's {@code duration}). */
    default PeriodicTask sendPeriodic(final CanFrame frame, final Duration period,
        final Duration duration) throws CanException
    {
        return sendPeriodic(List.of(frame), period, PeriodicOptions.defaults().duration(duration));
    }

    /** Sends the sequence {@code frames}, one every {@code period}, until stopped. */
    default PeriodicTask sendPeriodic(final List<CanFrame> frames, final Duration period) throws CanException
    {
        return sendPeriodic(frames, period, PeriodicOptions.defaults());
    }

    /** Stops every periodic task of this bus (python-can's {@code stop_all_periodic_tasks}). */
    void stopAllPeriodicTasks() throws CanException;

    /**
     * Watches identifier {@code id} as {@code options} say ({@code RX_SETUP}): content changes under a mask, silence
     * beyond a timeout and its end, throttled updates, or automatic replies to remote requests. Events go to
     * {@code listener} on the bus's BCM thread, or, when it is {@code null}, into a queue read with
     * {@link Watch#poll}. One watch per identifier (and CAN FD or not) per bus.
     *
     * @throws IllegalArgumentException the id or the options do not fit this bus
     * @throws IllegalStateException    the id is watched on this bus already
     */
    Watch watch(int id, WatchOptions options, WatchListener listener) throws CanException;

    /** Watches {@code id}; events are read with {@link Watch#poll}. */
    default Watch watch(final int id, final WatchOptions options) throws CanException
    {
        return watch(id, options, null);
    }

    // -------------------------------------------------------------------------------------------------- lifetime

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /** Closes the bus: stops receiving, wakes readers, frees every fd and all native memory. Idempotent. */
    @Override
    void close();

    /** The Jumpstarter / python-can name for {@link #close()}. */
    default void shutdown()
    {
        close();
    }
}
