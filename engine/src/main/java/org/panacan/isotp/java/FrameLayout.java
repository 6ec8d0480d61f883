package org.panacan.isotp.java;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import org.panacan.Dlc;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpParams;

/**
 * The bytes of every ISO-TP frame, exactly as Linux's {@code net/can/isotp.c} lays them out, so that both backends
 * put identical frames on the wire.
 *
 * <ul>
 * <li>Single frame: {@code 0x0L} with the length in the low nibble, or, when TX_DL exceeds 8 and the PDU does not
 * fit an 8-byte frame, {@code 0x00} then the length byte (the escape).</li>
 * <li>First frame: {@code 0x1L LL} with a 12-bit length, or above 4095 bytes {@code 0x10 0x00} and a 32-bit length;
 * always TX_DL bytes long.</li>
 * <li>Consecutive frame: {@code 0x2N} with the sequence number; TX_DL bytes but for the last one.</li>
 * <li>Flow control: {@code 0x3S BS STmin}; 3 bytes (plus the address byte), or 8 when padding.</li>
 * <li>Padding: a short frame is padded to its next valid CAN length with the tx padding byte when padding is on;
 * without it, a CAN FD frame longer than 8 bytes is still padded (a CAN FD length must be valid), always with
 * 0xCC as the kernel does.</li>
 * </ul>
 * Received frames are checked against the same rules ({@link #paddingBroken}). Encoders write into a caller's
 * 64-byte array and return the frame length; nothing allocates.
 */
final class FrameLayout
{
    static final int SINGLE_FRAME = 0x00;
    static final int FIRST_FRAME = 0x10;
    static final int CONSECUTIVE_FRAME = 0x20;
    static final int FLOW_CONTROL = 0x30;
    static final int CONTINUE_TO_SEND = 0;
    static final int WAIT = 1;
    static final int OVERFLOW = 2;
    /** Largest CAN FD frame payload: the size of every frame scratch array. */
    static final int MAX_FRAME = Dlc.MAX_FD_LENGTH;

    private static final int CLASSIC = Dlc.MAX_CLASSIC_LENGTH;
    private static final byte FD_PADDING = (byte)IsoTpParams.DEFAULT_PADDING;

    final int txDataLength;
    final int txAddressLength;
    final int txAddressByte;
    final int rxAddressLength;
    final int rxAddressByte;
    final int txPadding;
    final int rxPadding;
    final boolean checkLength;
    final boolean checkData;
    final boolean fd;

    FrameLayout(final IsoTpAddress address, final IsoTpParams params)
    {
        this.txDataLength = params.txDataLength();
        this.txAddressLength = address.txAddressLength();
        this.txAddressByte = address.txAddressByte();
        this.rxAddressLength = address.rxAddressLength();
        this.rxAddressByte = address.rxAddressByte();
        this.txPadding = params.txPadding();
        this.rxPadding = params.rxPadding();
        this.checkLength = params.checkPaddingLength();
        this.checkData = params.checkPaddingData();
        this.fd = params.fd();
    }

    /** The CAN data length a frame of {@code length} bytes is padded to: 8, or the next CAN FD length. */
    static int padLength(final int length)
    {
        return length <= CLASSIC ? CLASSIC : length > 48 ? Dlc.MAX_FD_LENGTH : Dlc.fdRoundUp(length);
    }

    /** The largest PDU a single frame carries. */
    int singleFrameCapacity()
    {
        return txDataLength - 1 - txAddressLength - (txDataLength > CLASSIC ? 1 : 0);
    }

    /** Payload bytes in a consecutive frame of full length. */
    int consecutiveFrameCapacity()
    {
        return txDataLength - 1 - txAddressLength;
    }

    // ------------------------------------------------------------------------------------------------- encoders

    /** A single frame carrying {@code length} (1..{@link #singleFrameCapacity()}) bytes of {@code src}. */
    int singleFrame(final byte[] src, final int offset, final int length, final byte[] frame)
    {
        // the escape only when the PDU does not fit an 8-byte frame: no needless growth to 12 bytes
        final int escape = txDataLength > CLASSIC && length > CLASSIC - 1 - txAddressLength ? 1 : 0;
        final int frameLength = fill(src, offset, length, 1 + txAddressLength + escape, frame);
        if (escape == 0)
        {
            frame[txAddressLength] = (byte)(SINGLE_FRAME | length);
        }
        else
        {
            frame[txAddressLength] = SINGLE_FRAME;
            frame[txAddressLength + 1] = (byte)length;
        }
        return frameLength;
    }

    /** Writes the first frame of a {@code total}-byte PDU (always TX_DL long); returns the payload bytes it carries. */
    int firstFrame(final byte[] src, final int total, final byte[] frame)
    {
        final int ae = txAddressLength;
        final int pci;
        if (total > IsoTpParams.MAX_12BIT_PDU_LENGTH)
        {
            frame[ae] = FIRST_FRAME;
            frame[ae + 1] = 0;
            frame[ae + 2] = (byte)(total >>> 24);
            frame[ae + 3] = (byte)(total >>> 16);
            frame[ae + 4] = (byte)(total >>> 8);
            frame[ae + 5] = (byte)total;
            pci = 6;
        }
        else
        {
            frame[ae] = (byte)(FIRST_FRAME | total >>> 8);
            frame[ae + 1] = (byte)total;
            pci = 2;
        }
        if (ae != 0)
        {
            frame[0] = (byte)txAddressByte;
        }
        final int carried = txDataLength - ae - pci;
        System.arraycopy(src, 0, frame, ae + pci, carried);
        return carried;
    }

    /** A consecutive frame with sequence number {@code sn} carrying up to a full frame of {@code remaining} bytes. */
    int consecutiveFrame(final byte[] src, final int offset, final int remaining, final int sn, final byte[] frame)
    {
        final int frameLength = fill(src, offset, remaining, 1 + txAddressLength, frame);
        frame[txAddressLength] = (byte)(CONSECUTIVE_FRAME | sn & 0x0F);
        return frameLength;
    }

    /** A flow control frame. */
    int flowControl(final int status, final int blockSize, final int stminCode, final byte[] frame)
    {
        final int ae = txAddressLength;
        final int frameLength;
        if (txPadding >= 0)
        {
            Arrays.fill(frame, 0, CLASSIC, (byte)txPadding);
            frameLength = CLASSIC;
        }
        else
        {
            frameLength = ae + 3;
        }
        frame[ae] = (byte)(FLOW_CONTROL | status);
        frame[ae + 1] = (byte)blockSize;
        frame[ae + 2] = (byte)stminCode;
        if (ae != 0)
        {
            frame[0] = (byte)txAddressByte;
        }
        return frameLength;
    }

    /** The kernel's isotp_fill_dataframe: payload after {@code pciLength} bytes, padding, address byte. */
    private int fill(final byte[] src, final int offset, final int remaining, final int pciLength, final byte[] frame)
    {
        final int space = txDataLength - pciLength;
        final int count = Math.min(remaining, space);
        int frameLength = count + pciLength;
        if (count < space)
        {
            if (txPadding >= 0)
            {
                frameLength = padLength(frameLength);
                Arrays.fill(frame, 0, frameLength, (byte)txPadding);
            }
            else if (frameLength > CLASSIC)
            {
                frameLength = padLength(frameLength);
                Arrays.fill(frame, 0, frameLength, FD_PADDING);
            }
        }
        System.arraycopy(src, offset, frame, pciLength, count);
        if (txAddressLength != 0)
        {
            frame[0] = (byte)txAddressByte;
        }
        return frameLength;
    }

    // -------------------------------------------------------------------------------------------- receive side

    /** Byte {@code index} of a received frame, 0 beyond its length (the kernel reads a zeroed buffer there). */
    static int octet(final MemorySegment data, final long offset, final int length, final int index)
    {
        return index < length ? data.get(JAVA_BYTE, offset + index) & 0xFF : 0;
    }

    /** Whether any receive padding check is on. */
    boolean checksPadding()
    {
        return checkLength || checkData;
    }

    /**
     * The kernel's check_pad: whether a received frame whose content ends at {@code start} breaks the configured
     * padding rules. Without an rx padding byte only the optimal length can be checked.
     */
    boolean paddingBroken(final MemorySegment data, final long offset, final int length, final int start)
    {
        if (rxPadding < 0)
        {
            return !checkLength || (length <= CLASSIC ? length != start : length != padLength(start));
        }
        if (checkLength && length != padLength(length))
        {
            return true;
        }
        if (checkData)
        {
            for (int i = start; i < length; i++)
            {
                if ((data.get(JAVA_BYTE, offset + i) & 0xFF) != rxPadding)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
