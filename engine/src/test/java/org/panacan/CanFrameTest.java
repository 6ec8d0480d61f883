package org.panacan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CanFrameTest
{
    @Test
    void standardIdsStopAt0x7FF()
    {
        CanFrame.of(0x7FF);
        final IllegalArgumentException failure =
            assertThrows(IllegalArgumentException.class, () -> CanFrame.of(0x800));
        assertTrue(failure.getMessage().contains("0x800"), failure.getMessage());
        assertTrue(failure.getMessage().contains("11-bit"), failure.getMessage());
    }

    @Test
    void extendedIdsStopAt29Bits()
    {
        CanFrame.extended(0x1FFF_FFFF);
        assertThrows(IllegalArgumentException.class, () -> CanFrame.extended(0x2000_0000));
        assertThrows(IllegalArgumentException.class, () -> CanFrame.extended(-1));
    }

    @Test
    void classicPayloadsStopAtEightBytes()
    {
        final IllegalArgumentException failure =
            assertThrows(IllegalArgumentException.class, () -> CanFrame.of(1, new byte[9]));
        assertTrue(failure.getMessage().contains("classic CAN length 9"), failure.getMessage());
    }

    @Test
    void fdLengthsMustBeOnesTheDlcCanExpress()
    {
        for (final int valid : new int[] {0, 1, 8, 12, 16, 20, 24, 32, 48, 64})
        {
            assertEquals(valid, CanFrame.fd(1, 0, new byte[valid]).length());
        }
        for (final int invalid : new int[] {9, 13, 33, 63, 65})
        {
            final IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> CanFrame.fd(1, 0, new byte[invalid]));
            assertTrue(failure.getMessage().contains("CAN FD length " + invalid), failure.getMessage());
        }
    }

    @Test
    void bitRateSwitchNeedsFd()
    {
        assertThrows(IllegalArgumentException.class,
            () -> CanFrame.builder().id(1).bitRateSwitch(true).data(new byte[2]).build());
    }

    @Test
    void fdHasNoRemoteFrames()
    {
        assertThrows(IllegalArgumentException.class, () -> CanFrame.builder().id(1).fd(true).remote(2).build());
    }

    @Test
    void len8DlcNeedsEightBytesAndAValueFromNineToFifteen()
    {
        assertEquals(9, CanFrame.builder().id(1).data(new byte[8]).len8Dlc(9).build().dlc());
        assertThrows(IllegalArgumentException.class, () -> withLen8Dlc(7, 9));
        assertThrows(IllegalArgumentException.class, () -> withLen8Dlc(8, 16));
        assertThrows(IllegalArgumentException.class, () -> withLen8Dlc(8, 8));
    }

    private static CanFrame withLen8Dlc(final int length, final int len8Dlc)
    {
        return CanFrame.builder().id(1).data(new byte[length]).len8Dlc(len8Dlc).build();
    }

    @Test
    void remoteFramesCarryALengthButNoData()
    {
        final CanFrame frame = CanFrame.remote(0x100, false, 4);
        assertEquals(4, frame.length());
        assertEquals(0, frame.dataCopy().length);
        assertEquals(4, frame.dlc());
    }

    @Test
    void dataIsCopiedInAndOut()
    {
        final byte[] data = {1, 2, 3};
        final CanFrame frame = CanFrame.of(1, data);
        data[0] = 9;
        assertEquals(1, frame.data(0));
        frame.dataCopy()[1] = 9;
        assertEquals(2, frame.data(1));
    }

    @Test
    void equalityIsAboutWireContentNotMetadata()
    {
        final CanFrame frame = CanFrame.of(5, (byte)1);
        final CanFrame stamped = frame.toBuilder().timestamp(123, TimestampSource.SOFTWARE).interfaceIndex(3).build();
        assertEquals(frame, stamped);
        assertNotEquals(frame, CanFrame.extended(5, (byte)1));
        assertNotEquals(frame, CanFrame.fd(5, 0, (byte)1));
    }

    @Test
    void textFollowsCansendSyntax()
    {
        assertEquals("123#DEADBEEF", CanFrame.of(0x123, (byte)0xDE, (byte)0xAD, (byte)0xBE, (byte)0xEF).toString());
        assertEquals("12345678#01", CanFrame.extended(0x1234_5678, (byte)1).toString());
        assertEquals("123#R3", CanFrame.remote(0x123, false, 3).toString());
        assertEquals("123##1AB", CanFrame.fd(0x123, FrameFlags.BRS, (byte)0xAB).toString());
        assertEquals("123#0000000000000000_C",
            CanFrame.builder().id(0x123).data(new byte[8]).len8Dlc(0xC).build().toString());
    }

    @Test
    void dlcMapsFdLengthsBothWays()
    {
        assertEquals(13, Dlc.fdDlc(32));
        assertEquals(9, Dlc.fdDlc(9), "9 bytes need the 12-byte DLC");
        assertEquals(12, Dlc.fdRoundUp(9));
        assertEquals(64, Dlc.fdLength(15));
        assertTrue(Dlc.isFdLength(48));
        assertTrue(!Dlc.isFdLength(47));
    }
}
