package org.panacan.isotp.java;

import static org.panacan.isotp.java.FrameLayout.octet;

import java.lang.foreign.MemorySegment;

import org.panacan.isotp.IsoTpError;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.PduQueue;

/**
 * The receive half of ISO 15765-2: reassembles single, first and consecutive frames into PDUs, answers with flow
 * control, and watches N_Cr. Decisions follow Linux's {@code net/can/isotp.c} rule by rule (which frames count,
 * when flow control goes out and what it says), so that a peer cannot tell the two apart on the wire. Where the
 * kernel loses its N_Cr timer (a malformed consecutive frame, listen mode) this keeps it running.
 *
 * <p>Not thread-safe: the channel's protocol lock guards it. Preallocated: the reassembly buffer holds the largest
 * PDU, complete PDUs and failures go to a bounded {@link PduQueue}; no allocation per frame.
 */
final class IsoTpReassembler
{
    private static final int IDLE = 0;
    private static final int WAIT_DATA = 1;
    private static final int CLASSIC = 8;

    private final FrameLayout layout;
    private final FrameSink sink;
    private final PduQueue queue;
    private final byte[] buffer;
    private final byte[] frame = new byte[FrameLayout.MAX_FRAME];
    private final int maxPduLength;
    private final int blockSize;
    private final int stminCode;
    private final boolean listenMode;
    private final long rxStminMinimumNanos;
    private final long timeoutNanos;
    private int flowControlId;

    private int state = IDLE;
    private int length;
    private int index;
    private int sequence;
    private int blockCount;
    private int frameDataLength;
    private long deadline = Long.MAX_VALUE;
    private long lastConsecutiveFrame;
    private long pdus;

    IsoTpReassembler(final FrameLayout layout, final IsoTpParams params, final int flowControlId, final FrameSink sink,
        final PduQueue queue)
    {
        this.layout = layout;
        this.sink = sink;
        this.queue = queue;
        this.flowControlId = flowControlId;
        this.maxPduLength = params.maxPduLength();
        // a first frame may carry up to a frame more than it announces (the kernel's buffer has the same slack)
        this.buffer = new byte[maxPduLength + FrameLayout.MAX_FRAME];
        this.blockSize = params.blockSize();
        this.stminCode = params.stminCode();
        this.listenMode = params.listenMode();
        this.rxStminMinimumNanos = params.rxStminMinimumNanos();
        this.timeoutNanos = params.consecutiveFrameTimeout().toNanos();
    }

    /** Whether a segmented reception is in progress. */
    boolean busy()
    {
        return state != IDLE;
    }

    /** When N_Cr expires ({@link System#nanoTime()}), or {@link Long#MAX_VALUE}. */
    long deadline()
    {
        return deadline;
    }

    /** PDUs delivered to the queue (including any it dropped). */
    long pdus()
    {
        return pdus;
    }

    /** The identifier our flow control goes out on (after an address change). */
    void flowControlId(final int idWord)
    {
        this.flowControlId = idWord;
    }

    /** Abandons the reception in progress. */
    void reset()
    {
        state = IDLE;
        deadline = Long.MAX_VALUE;
    }

    /** Reports N_Cr if it expired at {@code now}. */
    void onTimer(final long now)
    {
        if (state == WAIT_DATA && now - deadline >= 0)
        {
            reset();
            queue.offerError(IsoTpError.CONSECUTIVE_FRAME_TIMEOUT, index, length);
        }
    }

    /**
     * A single frame: the kernel's SF_DL rules (4-bit length in frames up to 8 bytes, the escape byte beyond),
     * which also end a reception in progress.
     *
     * @param data   frame payload, address byte included
     * @param length the CAN frame's data length
     */
    void onSingleFrame(final MemorySegment data, final long offset, final int length)
    {
        final int ae = layout.rxAddressLength;
        final int nibble = octet(data, offset, length, ae) & 0x0F;
        final int pciLength;
        final int pduLength;
        if (length <= CLASSIC)
        {
            pciLength = 1 + ae;
            pduLength = nibble;
        }
        else
        {
            if (nibble != 0)
            {
                return; // beyond 8 bytes only the escape is valid, and the kernel does not even reset then
            }
            pciLength = 2 + ae;
            pduLength = octet(data, offset, length, 1 + ae);
        }
        reset();
        if (pduLength == 0 || pduLength > length - pciLength)
        {
            return;
        }
        if (layout.checksPadding() && layout.paddingBroken(data, offset, length, pciLength + pduLength))
        {
            queue.offerError(IsoTpError.PADDING_ERROR, FrameLayout.SINGLE_FRAME, length);
            return;
        }
        pdus++;
        queue.offer(data, offset + pciLength, pduLength);
    }

    /** A first frame: starts a reception (or answers overflow) and sends the first flow control. */
    void onFirstFrame(final MemorySegment data, final long offset, final int length, final long now)
    {
        reset();
        final int dataLength = FrameLayout.padLength(length);
        if (length != dataLength)
        {
            return; // a first frame fills its frame
        }
        final int ae = layout.rxAddressLength;
        long announced = (octet(data, offset, length, ae) & 0x0F) << 8 | octet(data, offset, length, ae + 1);
        final int pciLength;
        if (announced != 0)
        {
            pciLength = 2;
        }
        else
        {
            announced = ((long)octet(data, offset, length, ae + 2) << 24 | octet(data, offset, length, ae + 3) << 16
                | octet(data, offset, length, ae + 4) << 8 | octet(data, offset, length, ae + 5)) & 0xFFFF_FFFFL;
            pciLength = 6;
        }
        final int escape = dataLength > CLASSIC ? 1 : 0;
        if (announced + ae + escape + pciLength < dataLength)
        {
            return; // would have fitted a single frame
        }
        if (announced > maxPduLength)
        {
            if (!listenMode)
            {
                sendFlowControl(FrameLayout.OVERFLOW);
            }
            queue.offerError(IsoTpError.FRAME_TOO_LONG, (int)announced, maxPduLength);
            return;
        }
        final int carried = dataLength - ae - pciLength;
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, offset + ae + pciLength, buffer, 0, carried);
        this.index = carried;
        this.length = (int)announced;
        this.frameDataLength = dataLength;
        this.sequence = 1;
        this.state = WAIT_DATA;
        this.deadline = now + timeoutNanos;
        if (!listenMode)
        {
            sendFlowControl(FrameLayout.CONTINUE_TO_SEND);
        }
    }

    /** A consecutive frame of the reception in progress. */
    void onConsecutiveFrame(final MemorySegment data, final long offset, final int length, final long timestamp,
        final long now)
    {
        if (state != WAIT_DATA)
        {
            return;
        }
        if (rxStminMinimumNanos >= 0)
        {
            if (timestamp - lastConsecutiveFrame < rxStminMinimumNanos)
            {
                return; // closer than the forced rx STmin: not counted
            }
            lastConsecutiveFrame = timestamp;
        }
        final int ae = layout.rxAddressLength;
        if (length > frameDataLength
            || (length < frameDataLength && this.length - index > frameDataLength - ae - 1))
        {
            return; // longer than the first frame, or short but not the last
        }
        final int received = octet(data, offset, length, ae) & 0x0F;
        if (received != sequence)
        {
            reset();
            queue.offerError(IsoTpError.WRONG_SEQUENCE_NUMBER, sequence, received);
            return;
        }
        sequence = (sequence + 1) & 0x0F;
        final int available = Math.max(0, length - ae - 1);
        // as the kernel's copy loop: at least one byte when any is there, even if the first frame overshot
        final int count = index >= this.length ? Math.min(available, 1) : Math.min(available, this.length - index);
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, offset + ae + 1, buffer, index, count);
        index += count;
        if (index >= this.length)
        {
            reset();
            final int contentEnd = count > 0 ? ae + 1 + count : length + 1;
            if (layout.checksPadding() && layout.paddingBroken(data, offset, length, contentEnd))
            {
                queue.offerError(IsoTpError.PADDING_ERROR, FrameLayout.CONSECUTIVE_FRAME, length);
                return;
            }
            pdus++;
            queue.offer(buffer, 0, this.length);
            return;
        }
        deadline = now + timeoutNanos;
        if (blockSize != 0 && ++blockCount >= blockSize && !listenMode)
        {
            sendFlowControl(FrameLayout.CONTINUE_TO_SEND);
        }
    }

    private void sendFlowControl(final int status)
    {
        final int frameLength = layout.flowControl(status, blockSize, stminCode, frame);
        sink.send(flowControlId, frame, frameLength); // a refused FC is not retried: N_Cr / N_Bs report it
        blockCount = 0;
        lastConsecutiveFrame = 0;
    }
}
