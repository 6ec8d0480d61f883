package org.panacan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything {@link CanBus#open(BusConfig)} needs, validated before any socket is opened. Build with
 * {@link #socketCan(String)} or {@link #virtual(String)}; every option has the default a python-can user expects.
 *
 * @param transport         SocketCAN or the in-process virtual bus
 * @param channel           interface name ({@code "vcan0"}, {@link #ANY_INTERFACE}) or virtual channel name
 * @param fd                CAN FD frames on ({@code CAN_RAW_FD_FRAMES}); default off
 * @param receiveOwnMessages receive the echo of this bus's own frames ({@code CAN_RAW_RECV_OWN_MSGS}); default off
 * @param localLoopback     other sockets on this host see this bus's frames ({@code CAN_RAW_LOOPBACK}); default on
 * @param filters           kernel receive filters; empty passes everything
 * @param joinFilters       a frame must pass all filters instead of any ({@code CAN_RAW_JOIN_FILTERS})
 * @param errorMask         error classes to receive ({@code CAN_RAW_ERR_FILTER}); default all, as python-can
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes; 0 keeps the kernel default
 * @param timestamps        which receive timestamps to take
 * @param batchSize         frames per {@code recvmmsg} call (1..1024)
 * @param ringCapacity      ring slots, a power of two
 * @param idleStrategy      makes the receive thread's idle strategy
 * @param overflowPolicy    what the receive thread does when the ring is full
 * @param sendTimeout       how long {@link CanBus#send(CanFrame)} retries a full transmit queue
 */
public record BusConfig(
    Transport transport,
    String channel,
    boolean fd,
    boolean receiveOwnMessages,
    boolean localLoopback,
    List<CanFilter> filters,
    boolean joinFilters,
    int errorMask,
    int receiveBufferSize,
    TimestampMode timestamps,
    int batchSize,
    int ringCapacity,
    Supplier<IdleStrategy> idleStrategy,
    OverflowPolicy overflowPolicy,
    Duration sendTimeout)
{
    /** The channel name that binds a SocketCAN bus to every CAN interface (ifindex 0), as candump's "any". */
    public static final String ANY_INTERFACE = "any";
    /** Every error class ({@code CAN_ERR_MASK}). */
    public static final int ALL_ERRORS = 0x1FFF_FFFF;
    /** The kernel's limit on filters per socket ({@code CAN_RAW_FILTER_MAX}). */
    public static final int MAX_FILTERS = 512;
    public static final int MAX_BATCH_SIZE = 1024;

    /** Where frames go. */
    public enum Transport
    {
        /** A Linux CAN_RAW socket. */
        SOCKETCAN,
        /** The in-process virtual bus: buses on the same channel name see each other's frames. */
        VIRTUAL
    }

    public BusConfig
    {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(channel, "channel");
        filters = List.copyOf(filters);
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(idleStrategy, "idleStrategy");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (channel.isEmpty())
        {
            throw new IllegalArgumentException("channel name is empty");
        }
        if (filters.size() > MAX_FILTERS)
        {
            throw new IllegalArgumentException(filters.size() + " filters exceed the kernel's limit of " + MAX_FILTERS);
        }
        if (receiveBufferSize < 0)
        {
            throw new IllegalArgumentException("receive buffer size " + receiveBufferSize + " is negative");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE)
        {
            throw new IllegalArgumentException("batch size " + batchSize + " is outside 1.." + MAX_BATCH_SIZE);
        }
        if (batchSize > ringCapacity)
        {
            throw new IllegalArgumentException("batch size " + batchSize + " exceeds ring capacity " + ringCapacity);
        }
        org.panacan.ring.FrameRingDescriptor.checkCapacity(ringCapacity);
        if (sendTimeout.isNegative())
        {
            throw new IllegalArgumentException("send timeout " + sendTimeout + " is negative");
        }
    }

    /** A SocketCAN bus on {@code interfaceName} ({@code "can0"}, {@code "vcan0"}, or {@link #ANY_INTERFACE}). */
    public static Builder socketCan(final String interfaceName)
    {
        return new Builder(Transport.SOCKETCAN, interfaceName);
    }

    /** An in-process virtual bus on {@code channel}. */
    public static Builder virtual(final String channel)
    {
        return new Builder(Transport.VIRTUAL, channel);
    }

    /** Whether this is a SocketCAN bus bound to every interface. */
    public boolean isAnyInterface()
    {
        return transport == Transport.SOCKETCAN && ANY_INTERFACE.equals(channel);
    }

    /** The largest frame this bus carries: 72 bytes with CAN FD, else 16. */
    public int mtu()
    {
        return fd ? org.panacan.ring.FrameRingDescriptor.CANFD_MTU : org.panacan.ring.FrameRingDescriptor.CAN_MTU;
    }

    /** A builder preset with this configuration. */
    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /** Fluent construction of a {@link BusConfig}; {@link #build()} validates. */
    public static final class Builder
    {
        private final Transport transport;
        private final String channel;
        private boolean fd;
        private boolean receiveOwnMessages;
        private boolean localLoopback = true;
        private List<CanFilter> filters = List.of();
        private boolean joinFilters;
        private int errorMask = ALL_ERRORS;
        private int receiveBufferSize;
        private TimestampMode timestamps = TimestampMode.SOFTWARE;
        private int batchSize = 64;
        private int ringCapacity = 4096;
        private Supplier<IdleStrategy> idleStrategy = IdleStrategy::blocking;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
        private Duration sendTimeout = Duration.ofSeconds(1);

        private Builder(final Transport transport, final String channel)
        {
            this.transport = transport;
            this.channel = channel;
        }

        private Builder(final BusConfig config)
        {
            this(config.transport, config.channel);
            fd = config.fd;
            receiveOwnMessages = config.receiveOwnMessages;
            localLoopback = config.localLoopback;
            filters = config.filters;
            joinFilters = config.joinFilters;
            errorMask = config.errorMask;
            receiveBufferSize = config.receiveBufferSize;
            timestamps = config.timestamps;
            batchSize = config.batchSize;
            ringCapacity = config.ringCapacity;
            idleStrategy = config.idleStrategy;
            overflowPolicy = config.overflowPolicy;
            sendTimeout = config.sendTimeout;
        }

        public Builder fd(final boolean fd)
        {
            this.fd = fd;
            return this;
        }

        public Builder receiveOwnMessages(final boolean receiveOwnMessages)
        {
            this.receiveOwnMessages = receiveOwnMessages;
            return this;
        }

        public Builder localLoopback(final boolean localLoopback)
        {
            this.localLoopback = localLoopback;
            return this;
        }

        public Builder filters(final CanFilter... filters)
        {
            return filters(List.of(filters));
        }

        public Builder filters(final List<CanFilter> filters)
        {
            this.filters = filters;
            return this;
        }

        public Builder joinFilters(final boolean joinFilters)
        {
            this.joinFilters = joinFilters;
            return this;
        }

        public Builder errorMask(final int errorMask)
        {
            this.errorMask = errorMask;
            return this;
        }

        public Builder receiveBufferSize(final int bytes)
        {
            this.receiveBufferSize = bytes;
            return this;
        }

        public Builder timestamps(final TimestampMode timestamps)
        {
            this.timestamps = timestamps;
            return this;
        }

        public Builder batchSize(final int batchSize)
        {
            this.batchSize = batchSize;
            return this;
        }

        public Builder ringCapacity(final int ringCapacity)
        {
            this.ringCapacity = ringCapacity;
            return this;
        }

        public Builder idleStrategy(final Supplier<IdleStrategy> idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        public Builder overflowPolicy(final OverflowPolicy overflowPolicy)
        {
            this.overflowPolicy = overflowPolicy;
            return this;
        }

        public Builder sendTimeout(final Duration sendTimeout)
        {
            this.sendTimeout = sendTimeout;
            return this;
        }

        public BusConfig build()
        {
            return new BusConfig(transport, channel, fd, receiveOwnMessages, localLoopback, filters, joinFilters,
                errorMask, receiveBufferSize, timestamps, batchSize, ringCapacity, idleStrategy, overflowPolicy,
                sendTimeout);
        }
    }
}
