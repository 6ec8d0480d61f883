package org.panacan.isotp.java;

import static org.panacan.isotp.java.FrameLayout.octet;

import java.lang.foreign.MemorySegment;

import org.panacan.isotp.IsoTpError;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.SeparationTime;

/**
 * The transmit half of ISO 15765-2: segments a PDU into a single frame, or a first frame and consecutive frames
 * paced by the receiver's flow control (block size, STmin including 0xF1..0xF9, FC.WAIT up to wftmax, FC.OVFLW) and
 * the N_Bs timeout. Follows Linux's {@code net/can/isotp.c}: the first CF goes out as soon as FC.CTS arrives,
 * later ones keep a gap of N_As (frame tx time) plus STmin (or the forced tx STmin); BS and STmin come from the
 * first flow control only, unless dynamic flow control is on. Without a gap, consecutive frames go out in batches.
 *
 * <p>The caller decides when frames are due ({@link #deadline()}) and calls {@link #service} then; this class never
 * sleeps. Not thread-safe: the channel's protocol lock guards it. No allocation.
 */
final class IsoTpSegmenter
{
    /** {@link #result()}: the transfer succeeded. */
    static final int OK = 0;
    /** {@link #result()}: a frame was refused by the bus (the sink has the cause). */
    static final int LINK_FAILURE = -1;
    /** {@link #result()}: abandoned by the caller. */
    static final int ABORTED = -2;

    private static final int IDLE = 0;
    private static final int WAIT_FIRST_FC = 1;
    private static final int WAIT_FC = 2;
    private static final int SENDING = 3;

    private final FrameLayout layout;
    private final FrameSink sink;
    private final byte[] buffer;
    private final byte[] frame = new byte[FrameLayout.MAX_FRAME];
    private final long frameTxTimeNanos;
    private final long txStminOverrideNanos;
    private final long timeoutNanos;
    private final int wftmax;
    private final boolean cfBroadcast;
    private final boolean dynamicFlowControl;
    private final long rateBitsPerSecond;
    private final long rateBucketBits;
    private final long rateFillNanos;
    private int idWord;

    private int state = IDLE;
    private int length;
    private int index;
    private int sequence;
    private int blockSize;
    private int blockCount;
    private int waitFrames;
    private long gapNanos;
    private long due = Long.MAX_VALUE;
    private int result = OK;
    private int resultDetail;
    private long rateTokens;
    private long rateRefilled;
    private long frames;

    IsoTpSegmenter(final FrameLayout layout, final IsoTpParams params, final FrameSink sink)
    {
        this.layout = layout;
        this.sink = sink;
        this.buffer = new byte[params.maxPduLength()];
        this.frameTxTimeNanos = params.frameTxTimeNanos();
        this.txStminOverrideNanos = params.txStminOverrideNanos();
        this.timeoutNanos = params.flowControlTimeout().toNanos();
        this.wftmax = params.wftmax();
        this.cfBroadcast = params.cfBroadcast();
        this.dynamicFlowControl = params.dynamicFlowControl();
        this.rateBitsPerSecond = params.rateLimitBitsPerSecond();
        this.rateBucketBits = Math.max(8L * FrameLayout.MAX_FRAME,
            rateBitsPerSecond * params.rateLimitWindow().toNanos() / 1_000_000_000L);
        this.rateFillNanos = rateBitsPerSecond == 0 ? 0 : rateBucketBits * 1_000_000_000L / rateBitsPerSecond;
        this.rateTokens = rateBucketBits;
    }

    boolean idle()
    {
        return state == IDLE;
    }

    /** How the last transfer ended: {@link #OK}, {@link #LINK_FAILURE}, {@link #ABORTED} or 1 + an error ordinal. */
    int result()
    {
        return result;
    }

    /** A detail of a failed result (the flow status, the wait frame count). */
    int resultDetail()
    {
        return resultDetail;
    }

    /** Frames sent so far. */
    long frames()
    {
        return frames;
    }

    /** When something is due ({@link System#nanoTime()}): the next frame or N_Bs; {@link Long#MAX_VALUE} if idle. */
    long deadline()
    {
        return state == IDLE ? Long.MAX_VALUE : due;
    }

    /**
     * Starts a transfer: copies the PDU and sends its single or first frame on {@code idWord} (caller thread).
     * The caller has checked the length (1..max, single frame only for functional addressing).
     *
     * @return whether the first frame went out (else {@link #result()} is {@link #LINK_FAILURE})
     */
    boolean start(final byte[] src, final int offset, final int length, final int idWord, final long now)
    {
        this.idWord = idWord;
        this.length = length;
        this.result = OK;
        if (length <= layout.singleFrameCapacity())
        {
            final int frameLength = layout.singleFrame(src, offset, length, frame);
            consumeRate(frameLength, now);
            return finish(sendOne(frameLength) ? OK : LINK_FAILURE, 0);
        }
        System.arraycopy(src, offset, buffer, 0, length);
        index = layout.firstFrame(buffer, length, frame);
        consumeRate(layout.txDataLength, now);
        if (!sendOne(layout.txDataLength))
        {
            return finish(LINK_FAILURE, 0);
        }
        sequence = 1;
        waitFrames = 0;
        if (cfBroadcast)
        {
            gapNanos = txStminOverrideNanos >= 0 ? txStminOverrideNanos : frameTxTimeNanos;
            blockSize = 0;
            blockCount = 0;
            state = SENDING;
            due = now + gapNanos; // the kernel waits the gap after the first frame's echo
        }
        else
        {
            state = WAIT_FIRST_FC;
            due = now + timeoutNanos;
        }
        return true;
    }

    /** Abandons the transfer in progress. */
    void abort()
    {
        if (state != IDLE)
        {
            finish(ABORTED, 0);
        }
    }

    /** A flow control frame from the receiver (address byte already checked). */
    void onFlowControl(final MemorySegment data, final long offset, final int frameLength, final long now)
    {
        if (state != WAIT_FIRST_FC && state != WAIT_FC)
        {
            return;
        }
        final int ae = layout.rxAddressLength;
        if (frameLength < ae + 3 || (layout.checksPadding() && layout.paddingBroken(data, offset, frameLength, ae + 3)))
        {
            finish(1 + IsoTpError.PADDING_ERROR.ordinal(), frameLength);
            return;
        }
        if (state == WAIT_FIRST_FC || dynamicFlowControl)
        {
            blockSize = octet(data, offset, frameLength, ae + 1);
            final int stmin = SeparationTime.sanitize(octet(data, offset, frameLength, ae + 2));
            gapNanos = frameTxTimeNanos + (txStminOverrideNanos >= 0 ? txStminOverrideNanos
                : SeparationTime.nanos(stmin));
            state = WAIT_FC;
        }
        final int status = octet(data, offset, frameLength, ae) & 0x0F;
        switch (status)
        {
            case FrameLayout.CONTINUE_TO_SEND ->
            {
                blockCount = 0;
                waitFrames = 0;
                state = SENDING;
                due = now; // the first consecutive frame of a block goes out at once
                service(now);
            }
            case FrameLayout.WAIT ->
            {
                if (wftmax != 0 && ++waitFrames > wftmax)
                {
                    finish(1 + IsoTpError.TOO_MANY_WAIT_FRAMES.ordinal(), waitFrames);
                }
                else
                {
                    due = now + timeoutNanos;
                }
            }
            case FrameLayout.OVERFLOW -> finish(1 + IsoTpError.FLOW_CONTROL_OVERFLOW.ordinal(), 0);
            default -> finish(1 + IsoTpError.UNEXPECTED_FLOW_CONTROL.ordinal(), status);
        }
    }

    /**
     * Does what is due at {@code now}: reports N_Bs, or sends the consecutive frames whose time has come (a whole
     * batch when no gap applies).
     */
    void service(final long now)
    {
        if (state == IDLE || now - due < 0)
        {
            return;
        }
        if (state != SENDING)
        {
            finish(1 + IsoTpError.FLOW_CONTROL_TIMEOUT.ordinal(), state == WAIT_FIRST_FC ? 1 : 0);
            return;
        }
        final boolean batch = gapNanos == 0 && rateBitsPerSecond == 0 && sink.batchCapacity() > 1;
        int queued = 0;
        while (true)
        {
            final int frameLength = layout.consecutiveFrame(buffer, index, length - index, sequence, frame);
            if (!rateAllows(frameLength, now))
            {
                break;
            }
            index += Math.min(length - index, layout.consecutiveFrameCapacity());
            sequence = (sequence + 1) & 0x0F;
            blockCount++;
            if (batch)
            {
                sink.add(idWord, frame, frameLength);
                queued++;
                frames++;
            }
            else if (!sendOne(frameLength))
            {
                finish(LINK_FAILURE, 0);
                return;
            }
            if (index >= length)
            {
                if (queued > 0 && !sink.flush())
                {
                    finish(LINK_FAILURE, 0);
                    return;
                }
                finish(OK, 0);
                return;
            }
            if (blockSize != 0 && blockCount >= blockSize)
            {
                state = WAIT_FC;
                due = now + timeoutNanos;
                break;
            }
            if (!batch)
            {
                due = System.nanoTime() + gapNanos; // the gap runs from the frame's transmission
                break;
            }
            if (queued == sink.batchCapacity())
            {
                due = now; // more right away, after the caller has looked at incoming frames
                break;
            }
        }
        if (queued > 0 && !sink.flush())
        {
            finish(LINK_FAILURE, 0);
        }
    }

    private boolean sendOne(final int frameLength)
    {
        frames++;
        return sink.send(idWord, frame, frameLength);
    }

    private boolean finish(final int result, final int detail)
    {
        this.result = result;
        this.resultDetail = detail;
        this.state = IDLE;
        this.due = Long.MAX_VALUE;
        return result == OK;
    }

    // ----------------------------------------------------------------------------------------------- rate limit

    /** Token bucket over the payload bits: whether a frame of {@code frameLength} bytes may go now. */
    private boolean rateAllows(final int frameLength, final long now)
    {
        if (rateBitsPerSecond == 0)
        {
            return true;
        }
        refill(now);
        final long bits = 8L * frameLength;
        if (rateTokens >= bits)
        {
            rateTokens -= bits;
            return true;
        }
        due = now + Math.max(1, (bits - rateTokens) * 1_000_000_000L / rateBitsPerSecond);
        return false;
    }

    private void consumeRate(final int frameLength, final long now)
    {
        if (rateBitsPerSecond != 0)
        {
            refill(now);
            rateTokens -= 8L * frameLength; // the first frame goes anyway; the debt delays what follows
        }
    }

    private void refill(final long now)
    {
        final long elapsed = now - rateRefilled;
        rateRefilled = now;
        if (elapsed >= rateFillNanos)
        {
            rateTokens = rateBucketBits; // also the first call: rateRefilled starts at 0
        }
        else if (elapsed > 0)
        {
            rateTokens = Math.min(rateBucketBits, rateTokens + elapsed * rateBitsPerSecond / 1_000_000_000L);
        }
    }
}
