package org.panacan.isotp;

import java.time.Duration;
import java.util.Objects;

import org.panacan.Dlc;

/**
 * Every ISO-TP parameter, one typed set for both backends: the kernel's socket options ({@code CAN_ISOTP_OPTS},
 * {@code CAN_ISOTP_RECV_FC}, {@code CAN_ISOTP_TX_STMIN}, {@code CAN_ISOTP_RX_STMIN}, {@code CAN_ISOTP_LL_OPTS}) and
 * python-can-isotp's transport-layer parameters. Times are {@link Duration}s; the wire and kernel encodings are
 * derived here, once. Build with {@link #builder()}; every default is the kernel's.
 *
 * @param backend                 kernel, pure Java, or automatic
 * @param fd                      CAN FD link layer (MTU 72): every frame sent and accepted is a CAN FD frame
 * @param txDataLength            TX_DL: 8, or with CAN FD 12, 16, 20, 24, 32, 48 or 64
 * @param bitRateSwitch           CAN FD frames with BRS ({@code CANFD_BRS} in the link-layer tx flags)
 * @param blockSize               BS announced in our flow control; 0: no further flow control
 * @param stmin                   STmin announced in our flow control (0..127 ms, or 100..900 µs in 100 µs steps)
 * @param wftmax                  wait frames: the kernel's {@code wftmax}; the Java sender gives up after this many
 *                                consecutive FC.WAIT (0: any number, as the kernel's sender)
 * @param frameTxTime             N_As: time added to every gap between consecutive frames (kernel default 50 µs)
 * @param txStminOverride         if set, the gap we keep instead of the receiver's STmin ({@code FORCE_TXSTMIN})
 * @param rxStminMinimum          if set, consecutive frames closer than this are dropped ({@code FORCE_RXSTMIN})
 * @param txPadding               pad every frame we send to its full length with this byte, or -1 (no padding)
 * @param rxPadding               the padding byte expected in received frames, or -1
 * @param checkPaddingLength      drop received frames whose length breaks the padding rules ({@code CHK_PAD_LEN})
 * @param checkPaddingData        drop received frames whose padding is not {@code rxPadding} ({@code CHK_PAD_DATA})
 * @param listenMode              never send flow control ({@code CAN_ISOTP_LISTEN_MODE})
 * @param halfDuplex              ignore data while sending and flow control while receiving
 * @param waitTxDone              {@code send} returns once the whole PDU is out ({@code CAN_ISOTP_WAIT_TX_DONE});
 *                                otherwise once the transfer has started, a failure surfacing in the next send
 * @param sfBroadcast             1-to-N: single frames only, no reception ({@code CAN_ISOTP_SF_BROADCAST})
 * @param cfBroadcast             1-to-N segmented transfers without flow control ({@code CAN_ISOTP_CF_BROADCAST})
 * @param dynamicFlowControl      take BS and STmin from every flow control, not only the first (Linux 6.8+)
 * @param maxPduLength            the largest PDU sent or accepted; a longer first frame is answered with overflow
 * @param flowControlTimeout      N_Bs: how long the sender waits for flow control (kernel: fixed 1 s)
 * @param consecutiveFrameTimeout N_Cr: how long the receiver waits for the next consecutive frame (kernel: 1 s)
 * @param sendTimeout             default limit for {@link IsoTpChannel#send(byte[])}
 * @param rateLimitBitsPerSecond  payload bit rate the sender keeps over {@code rateLimitWindow}; 0: unlimited
 * @param rateLimitWindow         the window of the rate limit (python-can-isotp's {@code rate_limit_window_size})
 */
public record IsoTpParams(
    IsoTpBackend backend,
    boolean fd,
    int txDataLength,
    boolean bitRateSwitch,
    int blockSize,
    Duration stmin,
    int wftmax,
    Duration frameTxTime,
    Duration txStminOverride,
    Duration rxStminMinimum,
    int txPadding,
    int rxPadding,
    boolean checkPaddingLength,
    boolean checkPaddingData,
    boolean listenMode,
    boolean halfDuplex,
    boolean waitTxDone,
    boolean sfBroadcast,
    boolean cfBroadcast,
    boolean dynamicFlowControl,
    int maxPduLength,
    Duration flowControlTimeout,
    Duration consecutiveFrameTimeout,
    Duration sendTimeout,
    long rateLimitBitsPerSecond,
    Duration rateLimitWindow)
{
    /** The kernel's pad byte ({@code CAN_ISOTP_DEFAULT_PAD_CONTENT}): 0xCC avoids bit stuffing. */
    public static final int DEFAULT_PADDING = 0xCC;
    /** No padding. */
    public static final int NO_PADDING = -1;
    /** The kernel's {@code CAN_ISOTP_DEFAULT_FRAME_TXTIME}: 50 µs. */
    public static final Duration DEFAULT_FRAME_TX_TIME = Duration.ofNanos(50_000);
    /** The default largest PDU: the kernel's {@code max_pdu_size} default (Linux 6.2 on). */
    public static final int DEFAULT_MAX_PDU_LENGTH = 8300;
    /** The largest {@link #maxPduLength} this library buffers. */
    public static final int MAX_PDU_LENGTH = 1 << 24;
    /** The largest PDU with a 12-bit length in the first frame; longer ones use the 32-bit escape. */
    public static final int MAX_12BIT_PDU_LENGTH = 4095;
    /** The kernel's fixed N_Bs / N_Cr. */
    public static final Duration KERNEL_TIMEOUT = Duration.ofSeconds(1);

    private static final long U32_MAX = 0xFFFF_FFFFL;

    public IsoTpParams
    {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(stmin, "stmin");
        Objects.requireNonNull(frameTxTime, "frameTxTime");
        Objects.requireNonNull(flowControlTimeout, "flowControlTimeout");
        Objects.requireNonNull(consecutiveFrameTimeout, "consecutiveFrameTimeout");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(rateLimitWindow, "rateLimitWindow");
        if (!Dlc.isFdLength(txDataLength) || txDataLength < 8)
        {
            throw new IllegalArgumentException("TX_DL " + txDataLength + " is not one of 8, 12, 16, 20, 24, 32, 48, 64");
        }
        if (!fd && txDataLength != 8)
        {
            throw new IllegalArgumentException("TX_DL " + txDataLength + " needs CAN FD (fd(true)); classic CAN has 8");
        }
        if (bitRateSwitch && !fd)
        {
            throw new IllegalArgumentException("bit rate switch needs CAN FD (fd(true))");
        }
        checkByte("block size", blockSize);
        checkByte("wftmax", wftmax);
        SeparationTime.encode(stmin);
        checkNanos("frame tx time", frameTxTime, U32_MAX - 1);
        if (txStminOverride != null)
        {
            checkNanos("tx STmin override", txStminOverride, U32_MAX);
        }
        if (rxStminMinimum != null)
        {
            checkNanos("rx STmin minimum", rxStminMinimum, U32_MAX);
        }
        if (txPadding != NO_PADDING)
        {
            checkByte("tx padding byte", txPadding);
        }
        if (rxPadding != NO_PADDING)
        {
            checkByte("rx padding byte", rxPadding);
        }
        if (checkPaddingData && rxPadding == NO_PADDING)
        {
            throw new IllegalArgumentException("checking the padding data needs the expected rx padding byte");
        }
        if (sfBroadcast && cfBroadcast)
        {
            throw new IllegalArgumentException("SF broadcast and CF broadcast exclude each other");
        }
        if (maxPduLength < 1 || maxPduLength > MAX_PDU_LENGTH)
        {
            throw new IllegalArgumentException("max PDU length " + maxPduLength + " is outside 1.." + MAX_PDU_LENGTH);
        }
        checkPositive("flow control timeout", flowControlTimeout);
        checkPositive("consecutive frame timeout", consecutiveFrameTimeout);
        if (sendTimeout.isNegative())
        {
            throw new IllegalArgumentException("send timeout " + sendTimeout + " is negative");
        }
        if (rateLimitBitsPerSecond < 0)
        {
            throw new IllegalArgumentException("rate limit " + rateLimitBitsPerSecond + " bit/s is negative");
        }
        checkPositive("rate limit window", rateLimitWindow);
    }

    /** A builder with the kernel's defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** The defaults: classic CAN, no padding, BS 0, STmin 0, automatic backend. */
    public static IsoTpParams defaults()
    {
        return builder().build();
    }

    /** A builder preset with these parameters. */
    public Builder toBuilder()
    {
        return new Builder(this);
    }

    /** The STmin byte our flow control carries. */
    public int stminCode()
    {
        return SeparationTime.encode(stmin);
    }

    /** N_As in nanoseconds. */
    public long frameTxTimeNanos()
    {
        return frameTxTime.toNanos();
    }

    /** The forced tx gap in nanoseconds, or -1 when the receiver's STmin applies. */
    public long txStminOverrideNanos()
    {
        return txStminOverride == null ? -1 : txStminOverride.toNanos();
    }

    /** The rx STmin minimum in nanoseconds, or -1 when every consecutive frame counts. */
    public long rxStminMinimumNanos()
    {
        return rxStminMinimum == null ? -1 : rxStminMinimum.toNanos();
    }

    /** The largest PDU one single frame carries: TX_DL less the address byte(s), PCI and escape byte above 8. */
    public int singleFrameCapacity(final int addressLength)
    {
        return txDataLength - 1 - addressLength - (txDataLength > Dlc.MAX_CLASSIC_LENGTH ? 1 : 0);
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code address} works with these parameters: a channel that
     * receives needs different identifiers for the two directions, as the kernel does.
     */
    public void checkAddress(final IsoTpAddress address)
    {
        if (!sfBroadcast && !cfBroadcast && address.rxIdWord() == address.txIdWord(TargetAddressType.PHYSICAL))
        {
            throw new IllegalArgumentException("rx and tx identifiers are the same (" + address
                + "): a receiving channel needs two (only SF or CF broadcast may share one)");
        }
    }

    private static void checkByte(final String what, final int value)
    {
        if (value < 0 || value > 0xFF)
        {
            throw new IllegalArgumentException(what + " " + value + " is outside 0..255");
        }
    }

    private static void checkNanos(final String what, final Duration value, final long max)
    {
        if (value.isNegative() || value.compareTo(Duration.ofNanos(max)) > 0)
        {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max + " ns");
        }
    }

    private static void checkPositive(final String what, final Duration value)
    {
        if (value.isNegative() || value.isZero())
        {
            throw new IllegalArgumentException(what + " " + value + " must be positive");
        }
    }

    /** Fluent construction of {@link IsoTpParams}; {@link #build()} validates. */
    public static final class Builder
    {
        private IsoTpBackend backend = IsoTpBackend.AUTO;
        private boolean fd;
        private int txDataLength = 8;
        private boolean bitRateSwitch;
        private int blockSize;
        private Duration stmin = Duration.ZERO;
        private int wftmax;
        private Duration frameTxTime = DEFAULT_FRAME_TX_TIME;
        private Duration txStminOverride;
        private Duration rxStminMinimum;
        private int txPadding = NO_PADDING;
        private int rxPadding = NO_PADDING;
        private boolean checkPaddingLength;
        private boolean checkPaddingData;
        private boolean listenMode;
        private boolean halfDuplex;
        private boolean waitTxDone = true;
        private boolean sfBroadcast;
        private boolean cfBroadcast;
        private boolean dynamicFlowControl;
        private int maxPduLength = DEFAULT_MAX_PDU_LENGTH;
        private Duration flowControlTimeout = KERNEL_TIMEOUT;
        private Duration consecutiveFrameTimeout = KERNEL_TIMEOUT;
        private Duration sendTimeout = Duration.ofSeconds(5);
        private long rateLimitBitsPerSecond;
        private Duration rateLimitWindow = Duration.ofMillis(200);

        private Builder()
        {
        }

        private Builder(final IsoTpParams params)
        {
            backend = params.backend;
            fd = params.fd;
            txDataLength = params.txDataLength;
            bitRateSwitch = params.bitRateSwitch;
            blockSize = params.blockSize;
            stmin = params.stmin;
            wftmax = params.wftmax;
            frameTxTime = params.frameTxTime;
            txStminOverride = params.txStminOverride;
            rxStminMinimum = params.rxStminMinimum;
            txPadding = params.txPadding;
            rxPadding = params.rxPadding;
            checkPaddingLength = params.checkPaddingLength;
            checkPaddingData = params.checkPaddingData;
            listenMode = params.listenMode;
            halfDuplex = params.halfDuplex;
            waitTxDone = params.waitTxDone;
            sfBroadcast = params.sfBroadcast;
            cfBroadcast = params.cfBroadcast;
            dynamicFlowControl = params.dynamicFlowControl;
            maxPduLength = params.maxPduLength;
            flowControlTimeout = params.flowControlTimeout;
            consecutiveFrameTimeout = params.consecutiveFrameTimeout;
            sendTimeout = params.sendTimeout;
            rateLimitBitsPerSecond = params.rateLimitBitsPerSecond;
            rateLimitWindow = params.rateLimitWindow;
        }

        public Builder backend(final IsoTpBackend backend)
        {
            this.backend = backend;
            return this;
        }

        /** CAN FD with TX_DL {@code txDataLength} (8..64), or classic CAN when {@code txDataLength} is 0. */
        public Builder fd(final int txDataLength)
        {
            this.fd = txDataLength != 0;
            this.txDataLength = txDataLength == 0 ? 8 : txDataLength;
            return this;
        }

        public Builder fd(final boolean fd)
        {
            this.fd = fd;
            return this;
        }

        public Builder txDataLength(final int txDataLength)
        {
            this.txDataLength = txDataLength;
            return this;
        }

        public Builder bitRateSwitch(final boolean bitRateSwitch)
        {
            this.bitRateSwitch = bitRateSwitch;
            return this;
        }

        public Builder blockSize(final int blockSize)
        {
            this.blockSize = blockSize;
            return this;
        }

        public Builder stmin(final Duration stmin)
        {
            this.stmin = stmin;
            return this;
        }

        public Builder wftmax(final int wftmax)
        {
            this.wftmax = wftmax;
            return this;
        }

        public Builder frameTxTime(final Duration frameTxTime)
        {
            this.frameTxTime = frameTxTime;
            return this;
        }

        /** Keep this gap between consecutive frames whatever the receiver asks for; {@code null} to obey it. */
        public Builder txStminOverride(final Duration txStminOverride)
        {
            this.txStminOverride = txStminOverride;
            return this;
        }

        /** Drop consecutive frames that arrive closer than this; {@code null} to accept all. */
        public Builder rxStminMinimum(final Duration rxStminMinimum)
        {
            this.rxStminMinimum = rxStminMinimum;
            return this;
        }

        /** Pad frames we send with {@link #DEFAULT_PADDING}. */
        public Builder txPadding()
        {
            return txPadding(DEFAULT_PADDING);
        }

        /** Pad frames we send with {@code content}, or {@link #NO_PADDING}. */
        public Builder txPadding(final int content)
        {
            this.txPadding = content;
            return this;
        }

        /** The padding byte received frames carry, or {@link #NO_PADDING}. */
        public Builder rxPadding(final int content)
        {
            this.rxPadding = content;
            return this;
        }

        public Builder checkPaddingLength(final boolean check)
        {
            this.checkPaddingLength = check;
            return this;
        }

        public Builder checkPaddingData(final boolean check)
        {
            this.checkPaddingData = check;
            return this;
        }

        public Builder listenMode(final boolean listenMode)
        {
            this.listenMode = listenMode;
            return this;
        }

        public Builder halfDuplex(final boolean halfDuplex)
        {
            this.halfDuplex = halfDuplex;
            return this;
        }

        public Builder waitTxDone(final boolean waitTxDone)
        {
            this.waitTxDone = waitTxDone;
            return this;
        }

        public Builder sfBroadcast(final boolean sfBroadcast)
        {
            this.sfBroadcast = sfBroadcast;
            return this;
        }

        public Builder cfBroadcast(final boolean cfBroadcast)
        {
            this.cfBroadcast = cfBroadcast;
            return this;
        }

        public Builder dynamicFlowControl(final boolean dynamicFlowControl)
        {
            this.dynamicFlowControl = dynamicFlowControl;
            return this;
        }

        public Builder maxPduLength(final int maxPduLength)
        {
            this.maxPduLength = maxPduLength;
            return this;
        }

        public Builder flowControlTimeout(final Duration flowControlTimeout)
        {
            this.flowControlTimeout = flowControlTimeout;
            return this;
        }

        public Builder consecutiveFrameTimeout(final Duration consecutiveFrameTimeout)
        {
            this.consecutiveFrameTimeout = consecutiveFrameTimeout;
            return this;
        }

        public Builder sendTimeout(final Duration sendTimeout)
        {
            this.sendTimeout = sendTimeout;
            return this;
        }

        /** Keep the payload bit rate at or below {@code bitsPerSecond} over {@code window}; 0 turns it off. */
        public Builder rateLimit(final long bitsPerSecond, final Duration window)
        {
            this.rateLimitBitsPerSecond = bitsPerSecond;
            this.rateLimitWindow = window;
            return this;
        }

        public IsoTpParams build()
        {
            return new IsoTpParams(backend, fd, txDataLength, bitRateSwitch, blockSize, stmin, wftmax, frameTxTime,
                txStminOverride, rxStminMinimum, txPadding, rxPadding, checkPaddingLength, checkPaddingData,
                listenMode, halfDuplex, waitTxDone, sfBroadcast, cfBroadcast, dynamicFlowControl, maxPduLength,
                flowControlTimeout, consecutiveFrameTimeout, sendTimeout, rateLimitBitsPerSecond, rateLimitWindow);
        }
    }
}
