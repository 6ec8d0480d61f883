package org.panacan.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;

class CanSendSyntaxTest
{
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @ValueSource(strings = {
        "123#DEADBEEF", "7FF#", "5AA#", "000#00", "1F334455#1122334455667788", "00000123#11", "123#R", "123#R3",
        "00000123#R3", "333#R8_E", "123#R8", "1F334455#1122334455667788_B", "123#1122334455667788_9",
        "123##0", "123##1DEADBEEF", "123##2", "123##3112233445566778899AABBCC",
        "12345678##1000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
            + "202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F",
        "20000004#0004000000000000", "20000080#", "200003FF#1122334455667788"})
    void everyCanonicalFormSurvivesParseAndFormat(final String text)
    {
        assertEquals(text, CanSendSyntax.format(CanSendSyntax.parse(text)));
    }

    @Test
    void classicDataFrame()
    {
        assertEquals(CanFrame.of(0x123, HEX.parseHex("deadbeef")), CanSendSyntax.parse("123#DEADBEEF"));
    }

    @Test
    void eightDigitsMakeAnExtendedId()
    {
        final CanFrame frame = CanSendSyntax.parse("00000123#11");
        assertTrue(frame.isExtended());
        assertEquals(0x123, frame.id());
    }

    @Test
    void remoteFramesCarryTheirRequestedLengthAndRawDlc()
    {
        final CanFrame frame = CanSendSyntax.parse("333#R8_E");
        assertTrue(frame.isRemote());
        assertEquals(8, frame.length());
        assertEquals(0xE, frame.len8Dlc());
        assertEquals(0, CanSendSyntax.parse("123#r").length());
    }

    @Test
    void rawDlcOnAnEightBytePayload()
    {
        final CanFrame frame = CanSendSyntax.parse("1F334455#1122334455667788_B");
        assertEquals(0xB, frame.len8Dlc());
        assertEquals(0xB, frame.dlc());
    }

    @Test
    void fdFlagsNibbleCarriesBrsAndEsi()
    {
        final CanFrame frame = CanSendSyntax.parse("123##3AB");
        assertTrue(frame.isFd());
        assertEquals(FrameFlags.FD | FrameFlags.BRS | FrameFlags.ESI, frame.flags());
        assertArrayEquals(new byte[] {(byte)0xAB}, frame.dataCopy());
    }

    @Test
    void fdfFlagIsAcceptedAndWrittenOnlyWhenAsked()
    {
        final CanFrame frame = CanSendSyntax.parse("123##5DEAD");
        assertEquals(FrameFlags.FD | FrameFlags.BRS, frame.flags());
        assertEquals("123##1DEAD", CanSendSyntax.format(frame));
        assertEquals("123##5DEAD", CanSendSyntax.format(frame, true));
        assertEquals("123##4", CanSendSyntax.format(CanSendSyntax.parse("123##0"), true));
    }

    @Test
    void fdPayloadIsPaddedToTheNextValidLengthAsCansendDoes()
    {
        final CanFrame frame = CanSendSyntax.parse("123##0112233445566778899");
        assertEquals(12, frame.length());
        assertEquals("123##0112233445566778899000000", CanSendSyntax.format(frame));
    }

    @Test
    void dotsMaySeparateBytes()
    {
        assertEquals("5A1#1122334455667788", CanSendSyntax.format(CanSendSyntax.parse("5A1#11.2233.44556677.88")));
        assertEquals("123#11", CanSendSyntax.format(CanSendSyntax.parse("123#11.")));
        assertEquals("123##1AABB", CanSendSyntax.format(CanSendSyntax.parse("123##1.AA.BB")));
    }

    @Test
    void lowerCaseHexIsAccepted()
    {
        assertEquals("1ABCDEF0#ABCDEF", CanSendSyntax.format(CanSendSyntax.parse("1abcdef0#abcdef")));
    }

    @Test
    void errorFramesHaveTheErrorFlagInTheirEightDigitId()
    {
        final CanFrame frame = CanSendSyntax.parse("20000004#0004000000000000");
        assertTrue(frame.isError());
        assertEquals(0x4, frame.id());
        assertEquals(8, frame.length());
    }

    @ParameterizedTest(name = "{0} -> column {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "123DEADBEEF                 | 1  | missing '#' after the CAN id",
        "12#11                       | 1  | the CAN id must have 3 (11-bit) or 8 (29-bit) hex digits, not 2",
        "1234#11                     | 1  | the CAN id must have 3 (11-bit) or 8 (29-bit) hex digits, not 4",
        "1G3#11                      | 2  | unexpected 'G' in the CAN id (expected a hex digit)",
        "800#11                      | 1  | 11-bit CAN id 800 exceeds 7FF (write 8 digits for a 29-bit id)",
        "40000000#11                 | 1  | 29-bit CAN id 40000000 exceeds 1FFFFFFF",
        "123#DEADBEE                 | 11 | odd number of hex digits in the payload",
        "123#DEXDBEEF                | 7  | unexpected 'X' in the payload",
        "123#1122334455667788AA      | 21 | more than 8 data bytes",
        "123#11..22                  | 8  | unexpected '.' in the payload",
        "123#11_9                    | 7  | a raw DLC (_9.._F) needs 8 data bytes, not 1",
        "123#1122334455667788_8      | 22 | a raw DLC must be 9..F, not 8",
        "123#1122334455667788_       | 21 | missing the raw DLC digit after '_'",
        "123#1122334455667788_9x     | 23 | unexpected 'x'",
        "123#R9                      | 6  | remote frame length 9 exceeds 8",
        "123#R3x                     | 7  | unexpected 'x'",
        "123#R3_9                    | 7  | a raw DLC (_9.._F) needs 8 data bytes, not 3",
        "123##                       | 6  | missing the CAN FD flags nibble after '##'",
        "123##G11                    | 6  | unexpected 'G' in the CAN FD flags (expected a hex digit)",
        "123##0_9                    | 7  | unexpected '_'",
        "20000004##011               | 10 | error frames are classic CAN frames, not CAN FD",
        "20000004#R                  | 10 | an error frame cannot be a remote frame",
        "45123#81:00:12345678#11     | 1  | CAN XL frames are not supported"})
    void malformedTextNamesColumnAndReason(final String text, final int column, final String reason)
    {
        final FrameSyntaxException failure =
            assertThrows(FrameSyntaxException.class, () -> CanSendSyntax.parse(text));
        assertEquals(reason, failure.reason());
        assertEquals(column, failure.column(), failure.getMessage());
        assertEquals(0, failure.line());
        assertEquals(text, failure.text());
        assertEquals("column " + column + ": " + reason + ": \"" + text + "\"", failure.getMessage());
    }

    @Test
    void fdPayloadStopsAt64Bytes()
    {
        final String text = "123##0" + "11".repeat(65);
        final FrameSyntaxException failure =
            assertThrows(FrameSyntaxException.class, () -> CanSendSyntax.parse(text));
        assertEquals("more than 64 data bytes", failure.reason());
        assertEquals(7 + 128, failure.column());
    }

    @Test
    void nonAsciiDigitsAreNotHex()
    {
        assertThrows(FrameSyntaxException.class, () -> CanSendSyntax.parse("123#\u0661\u0662"));
    }
}
