package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panacan.Dlc;
import org.panacan.FrameFlags;

class FrameGeneratorTest
{
    private static FrameGenerator generator(final String ids, final String lengths, final String data,
        final int flags)
    {
        return new FrameGenerator(FrameGenerator.Spec.parse(ids, false), FrameGenerator.Spec.parse(lengths, false),
            FrameGenerator.Spec.parse(data, true), flags, false, 42);
    }

    @Test
    void incrementingIdsStartAtZeroAndWrapAt11Bits()
    {
        final FrameGenerator generator = generator("i", "0", "r", 0);
        for (int i = 0; i < 0x802; i++)
        {
            generator.next();
            assertEquals(i & 0x7FF, generator.id());
        }
    }

    @Test
    void randomIdsStayInRangeAndEvenOrOddAsAsked()
    {
        final FrameGenerator even = generator("e", "0", "r", FrameFlags.EXTENDED);
        final FrameGenerator odd = generator("o", "0", "r", 0);
        for (int i = 0; i < 1000; i++)
        {
            even.next();
            odd.next();
            assertEquals(0, even.id() & 1);
            assertTrue(even.id() <= 0x1FFF_FFFF);
            assertEquals(1, odd.id() & 1);
            assertTrue(odd.id() <= 0x7FF);
        }
    }

    @Test
    void incrementingLengthsWalkEveryDlc()
    {
        final FrameGenerator classic = generator("1", "i", "r", 0);
        final FrameGenerator fd = generator("1", "i", "r", FrameFlags.FD);
        for (int dlc = 0; dlc < 32; dlc++)
        {
            classic.next();
            fd.next();
            assertEquals(Math.min(dlc % 16, 8), classic.length());
            assertEquals(Dlc.fdLength(dlc % 16), fd.length());
        }
    }

    @Test
    void rawDlcsWhenAsked()
    {
        final FrameGenerator generator = new FrameGenerator(FrameGenerator.Spec.parse("1", false),
            FrameGenerator.Spec.parse("i", false), FrameGenerator.Spec.parse("r", true), 0, true, 1);
        for (int dlc = 0; dlc < 16; dlc++)
        {
            generator.next();
            assertEquals(dlc > 8 ? dlc : 0, generator.len8Dlc());
        }
    }

    @Test
    void incrementingPayloadIsALittleEndianCounterWithAtLeastOneByte()
    {
        final FrameGenerator generator = generator("1", "0", "i", 0);
        for (int i = 0; i < 300; i++)
        {
            generator.next();
            assertEquals(1, generator.length());
            assertEquals((byte)i, generator.data()[0]);
        }
    }

    @Test
    void fixedPayloadWithRandomNibbles()
    {
        final FrameGenerator generator = generator("1", "4", "11x2334x", 0);
        boolean varied = false;
        int previous = -1;
        for (int i = 0; i < 100; i++)
        {
            generator.next();
            final byte[] data = generator.data();
            assertEquals(0x11, data[0] & 0xFF);
            assertEquals(0x02, data[1] & 0x0F);
            assertEquals(0x33, data[2] & 0xFF);
            assertEquals(0x40, data[3] & 0xF0);
            varied |= previous >= 0 && previous != (data[1] & 0xF0);
            previous = data[1] & 0xF0;
        }
        assertTrue(varied);
    }

    @Test
    void fixedFdLengthsRoundUpToAValidLength()
    {
        final FrameGenerator generator = generator("1", "9", "r", FrameFlags.FD);
        generator.next();
        assertEquals(12, generator.length());
    }

    @Test
    void impossibleSettingsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> generator("800", "0", "r", 0));
        assertThrows(IllegalArgumentException.class, () -> generator("1", "9", "r", 0));
        assertThrows(IllegalArgumentException.class, () -> generator("1", "0", "r", FrameFlags.FD | FrameFlags.REMOTE));
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.Spec.parse("abc", true));
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.Spec.parse("q", false));
    }
}
