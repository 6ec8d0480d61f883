package org.panacan.isotp.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpParams;

/**
 * Every PCI layout and padding rule of Linux's net/can/isotp.c, byte for byte (the expected frames are what the
 * kernel puts on the wire; the kernel suite checks the same against the real thing).
 */
class FrameLayoutTest
{
    private static final IsoTpAddress NORMAL = IsoTpAddress.normal11(0x7E0, 0x7E8);
    private static final IsoTpAddress EXTENDED = IsoTpAddress.extended11(0x7E0, 0x7E8, 0x55, 0x66);
    private final byte[] frame = new byte[64];

    private static byte[] counting(final int length)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(0xA0 + i);
        }
        return data;
    }

    private String hex(final int length)
    {
        return HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(frame, length));
    }

    private static FrameLayout layout(final IsoTpAddress address, final IsoTpParams.Builder params)
    {
        return new FrameLayout(address, params.build());
    }

    @Test
    void classicSingleFrameCarriesItsLengthInTheLowNibbleWithoutPadding()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder());
        assertEquals("03A0A1A2", hex(layout.singleFrame(counting(3), 0, 3, frame)));
        assertEquals(7, layout.singleFrameCapacity());
    }

    @Test
    void classicSingleFrameWithTxPaddingFillsEightBytes()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().txPadding());
        assertEquals("03A0A1A2CCCCCCCC", hex(layout.singleFrame(counting(3), 0, 3, frame)));
    }

    @Test
    void extendedAddressingPutsTheTargetAddressFirst()
    {
        final FrameLayout layout = layout(EXTENDED, IsoTpParams.builder());
        assertEquals(6, layout.singleFrameCapacity());
        assertEquals("5506A0A1A2A3A4A5", hex(layout.singleFrame(counting(6), 0, 6, frame)));
    }

    @Test
    void canFdSingleFrameUpToSevenBytesNeedsNoEscape()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().fd(64));
        assertEquals("07A0A1A2A3A4A5A6", hex(layout.singleFrame(counting(7), 0, 7, frame)));
        assertEquals(62, layout.singleFrameCapacity());
    }

    @Test
    void canFdSingleFrameAboveSevenBytesUsesTheEscapeAndMandatoryCcPadding()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().fd(64));
        assertEquals("0008A0A1A2A3A4A5A6A7CCCC", hex(layout.singleFrame(counting(8), 0, 8, frame)));
    }

    @Test
    void canFdMandatoryPaddingUsesTheTxPaddingByteWhenPaddingIsOn()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().fd(64).txPadding(0xAA));
        assertEquals("0008A0A1A2A3A4A5A6A7AAAA", hex(layout.singleFrame(counting(8), 0, 8, frame)));
        assertEquals("01A0AAAAAAAAAAAA", hex(layout.singleFrame(counting(1), 0, 1, frame)));
    }

    @Test
    void fullCanFdSingleFrameIsSixtyFourBytes()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().fd(64));
        final int length = layout.singleFrame(counting(62), 0, 62, frame);
        assertEquals(64, length);
        assertEquals("003EA0A1", hex(4));
    }

    @Test
    void firstFrameWithTwelveBitLength()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder());
        final byte[] data = counting(100);
        assertEquals(6, layout.firstFrame(data, 100, frame));
        assertEquals("1064A0A1A2A3A4A5", hex(8));
        layout.firstFrame(new byte[4095], 4095, frame);
        assertEquals("1FFF", hex(2));
    }

    @Test
    void firstFrameAbove4095BytesUsesTheThirtyTwoBitEscape()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder());
        final byte[] data = counting(4096 + 10);
        assertEquals(2, layout.firstFrame(data, 4096, frame));
        assertEquals("1000000010 00A0A1".replace(" ", ""), hex(8));
    }

    @Test
    void canFdFirstFrameFillsTxDl()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().fd(16));
        assertEquals(14, layout.firstFrame(counting(100), 100, frame));
        assertEquals("1064A0A1A2A3A4A5A6A7A8A9AAABACAD", hex(16));
    }

    @Test
    void lastConsecutiveFrameIsShortWithoutPaddingAndEightBytesWithIt()
    {
        final byte[] data = counting(3);
        assertEquals("23A0A1A2", hex(layout(NORMAL, IsoTpParams.builder()).consecutiveFrame(data, 0, 3, 3, frame)));
        assertEquals("2FA0A1A2CCCCCCCC",
            hex(layout(NORMAL, IsoTpParams.builder().txPadding()).consecutiveFrame(data, 0, 3, 15, frame)));
    }

    @Test
    void lastCanFdConsecutiveFrameIsPaddedToTheNextValidLength()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().fd(64));
        assertEquals("20A0A1A2A3A4A5A6A7A8A9CC", hex(layout.consecutiveFrame(counting(10), 0, 10, 0, frame)));
        assertEquals("21A0A1A2A3A4A5", hex(layout.consecutiveFrame(counting(6), 0, 6, 1, frame)));
    }

    @Test
    void flowControlIsThreeBytesOrEightWithPadding()
    {
        assertEquals("300805", hex(layout(NORMAL, IsoTpParams.builder()).flowControl(0, 8, 5, frame)));
        assertEquals("5532007F", hex(layout(EXTENDED, IsoTpParams.builder()).flowControl(2, 0, 0x7F, frame)));
        assertEquals("3100F3CCCCCCCCCC",
            hex(layout(NORMAL, IsoTpParams.builder().txPadding()).flowControl(1, 0, 0xF3, frame)));
        assertEquals("300000AAAAAAAAAA",
            hex(layout(NORMAL, IsoTpParams.builder().fd(64).txPadding(0xAA)).flowControl(0, 0, 0, frame)));
    }

    @Test
    void padLengthRoundsUpToEightOrTheNextCanFdLength()
    {
        final int[][] cases = {{0, 8}, {5, 8}, {8, 8}, {9, 12}, {12, 12}, {13, 16}, {21, 24}, {25, 32}, {33, 48},
            {49, 64}, {64, 64}, {65, 64}};
        for (final int[] pair : cases)
        {
            assertEquals(pair[1], FrameLayout.padLength(pair[0]), "padLength(" + pair[0] + ")");
        }
    }

    @Test
    void paddingCheckOfLengthAloneWantsOptimalFramesWithoutAnRxPaddingByte()
    {
        final FrameLayout layout = layout(NORMAL, IsoTpParams.builder().checkPaddingLength(true));
        final MemorySegment data = MemorySegment.ofArray(HexFormat.of().parseHex("03A0A1A2CCCCCCCC"));
        assertFalse(layout.paddingBroken(data, 0, 4, 4), "optimal length");
        assertTrue(layout.paddingBroken(data, 0, 8, 4), "padded although no padding is expected");
    }

    @Test
    void paddingChecksWithAnRxPaddingByteWantFullLengthAndTheByte()
    {
        final FrameLayout both = layout(NORMAL, IsoTpParams.builder().rxPadding(0xCC).checkPaddingLength(true)
            .checkPaddingData(true));
        final MemorySegment good = MemorySegment.ofArray(HexFormat.of().parseHex("03A0A1A2CCCCCCCC"));
        final MemorySegment wrongByte = MemorySegment.ofArray(HexFormat.of().parseHex("03A0A1A2CCCC00CC"));
        assertFalse(both.paddingBroken(good, 0, 8, 4));
        assertTrue(both.paddingBroken(good, 0, 4, 4), "short frame");
        assertTrue(both.paddingBroken(wrongByte, 0, 8, 4), "wrong padding byte");
    }
}
