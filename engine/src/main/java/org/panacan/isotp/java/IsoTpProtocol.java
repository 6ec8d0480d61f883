package org.panacan.isotp.java;

import java.lang.foreign.MemorySegment;

import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.PduQueue;
import org.panacan.isotp.TargetAddressType;

/**
 * Both halves of the protocol for one address, and the kernel's isotp_rcv dispatch in front of them: frames of
 * the wrong link layer (CAN FD versus classic) or identifier are ignored, the address byte must match, half
 * duplex holds back data while sending and flow control while receiving, and functionally addressed frames count
 * only as single frames. Pure logic: the caller brings frames, time and a sink; no threads, no allocation.
 */
final class IsoTpProtocol
{
    final IsoTpReassembler reassembler;
    final IsoTpSegmenter segmenter;
    private final int rxIdWord;
    private final int rxFunctionalIdWord;
    private final int rxAddressLength;
    private final int rxAddressByte;
    private final boolean fd;
    private final boolean halfDuplex;

    IsoTpProtocol(final IsoTpAddress address, final IsoTpParams params, final FrameSink sink, final PduQueue queue)
    {
        final FrameLayout layout = new FrameLayout(address, params);
        this.reassembler = new IsoTpReassembler(layout, params, address.txIdWord(TargetAddressType.PHYSICAL), sink,
            queue);
        this.segmenter = new IsoTpSegmenter(layout, params, sink);
        this.rxIdWord = address.rxIdWord();
        this.rxFunctionalIdWord = address.rxFunctionalIdWord();
        this.rxAddressLength = address.rxAddressLength();
        this.rxAddressByte = address.rxAddressByte();
        this.fd = params.fd();
        this.halfDuplex = params.halfDuplex();
    }

    /**
     * One received frame.
     *
     * @param canIdWord the kernel {@code can_id} word (flag bits included)
     * @param fdFrame   whether it is a CAN FD frame
     * @param data      its payload at {@code offset}, {@code length} bytes
     * @param timestamp its receive time in nanoseconds, on any clock that only moves forward
     * @param now       {@link System#nanoTime()}
     */
    void onFrame(final int canIdWord, final boolean fdFrame, final MemorySegment data, final long offset,
        final int length, final long timestamp, final long now)
    {
        if (fdFrame != fd)
        {
            return; // the kernel keeps CAN 2.0 and CAN FD channels apart
        }
        final boolean physical = canIdWord == rxIdWord;
        if (!physical && canIdWord != rxFunctionalIdWord)
        {
            return;
        }
        if (rxAddressLength != 0 && (length < 1 || FrameLayout.octet(data, offset, length, 0) != rxAddressByte))
        {
            return;
        }
        final int type = FrameLayout.octet(data, offset, length, rxAddressLength) & 0xF0;
        if (halfDuplex && ((!segmenter.idle() && type != FrameLayout.FLOW_CONTROL)
            || (reassembler.busy() && type == FrameLayout.FLOW_CONTROL)))
        {
            return;
        }
        switch (type)
        {
            case FrameLayout.SINGLE_FRAME -> reassembler.onSingleFrame(data, offset, length);
            case FrameLayout.FIRST_FRAME ->
            {
                if (physical)
                {
                    reassembler.onFirstFrame(data, offset, length, now);
                }
            }
            case FrameLayout.CONSECUTIVE_FRAME ->
            {
                if (physical)
                {
                    reassembler.onConsecutiveFrame(data, offset, length, timestamp, now);
                }
            }
            case FrameLayout.FLOW_CONTROL ->
            {
                if (physical)
                {
                    segmenter.onFlowControl(data, offset, length, now);
                }
            }
            default ->
            {
                // reserved N_PCI types are ignored, as by the kernel
            }
        }
    }

    /** Fires what is due at {@code now} (N_Cr, N_Bs, consecutive frames); returns the next deadline. */
    long service(final long now)
    {
        reassembler.onTimer(now);
        segmenter.service(now);
        return Math.min(reassembler.deadline(), segmenter.deadline());
    }
}
