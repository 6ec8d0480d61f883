package org.panacan.isotp.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpError;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.PduQueue;

/** The receive state machine, rule by rule against the kernel's isotp_rcv_* decisions. */
class IsoTpReassemblerTest
{
    private static final int FC_ID = 0x7E8;
    private static final long SECOND = 1_000_000_000L;

    private final PduQueue queue = new PduQueue(1 << 16);
    private final RecordingSink sink = new RecordingSink();

    private IsoTpReassembler reassembler(final IsoTpParams.Builder params)
    {
        final IsoTpParams built = params.build();
        final IsoTpAddress address = IsoTpAddress.normal11(FC_ID, 0x7E0);
        return new IsoTpReassembler(new FrameLayout(address, built), built, FC_ID, sink, queue);
    }

    private static MemorySegment hex(final String hex)
    {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex));
    }

    private static void single(final IsoTpReassembler reassembler, final String hex)
    {
        final MemorySegment frame = hex(hex);
        reassembler.onSingleFrame(frame, 0, (int)frame.byteSize());
    }

    private static void first(final IsoTpReassembler reassembler, final String hex, final long now)
    {
        final MemorySegment frame = hex(hex);
        reassembler.onFirstFrame(frame, 0, (int)frame.byteSize(), now);
    }

    private static void consecutive(final IsoTpReassembler reassembler, final String hex, final long now)
    {
        final MemorySegment frame = hex(hex);
        reassembler.onConsecutiveFrame(frame, 0, (int)frame.byteSize(), now, now);
    }

    private byte[] takePdu()
    {
        final int length = queue.peek();
        assertTrue(length >= 0, "a PDU is queued, found header " + length);
        final byte[] pdu = new byte[length];
        queue.take(pdu, 0);
        return pdu;
    }

    private IsoTpError takeError()
    {
        final int header = queue.peek();
        assertTrue(PduQueue.isError(header), "a failure is queued, found header " + header);
        queue.skip();
        return PduQueue.error(header);
    }

    @Test
    void singleFrameIsDeliveredAsIs()
    {
        single(reassembler(IsoTpParams.builder()), "03112233");
        assertArrayEquals(HexFormat.of().parseHex("112233"), takePdu());
        assertEquals(PduQueue.EMPTY, queue.peek());
    }

    @Test
    void singleFrameLongerThanItsFrameOrEmptyIsIgnored()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder());
        single(reassembler, "0511223344");
        single(reassembler, "00");
        assertEquals(PduQueue.EMPTY, queue.peek());
    }

    @Test
    void canFdSingleFrameAboveEightBytesNeedsTheEscape()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder().fd(64));
        single(reassembler, "000A00112233445566778899CC");
        assertEquals(10, takePdu().length);
        single(reassembler, "0A00112233445566778899CCCC");
        assertEquals(PduQueue.EMPTY, queue.peek(), "a 4-bit length beyond 8 bytes is invalid");
    }

    @Test
    void firstFrameIsAnsweredWithFlowControlAndConsecutiveFramesComplete()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder().blockSize(2).stmin(
            java.time.Duration.ofMillis(5)));
        first(reassembler, "100A000102030405", 0);
        assertEquals("300205", sink.hex(0));
        assertEquals(FC_ID, sink.ids.get(0));
        assertTrue(reassembler.busy());
        consecutive(reassembler, "2106070809", 10);
        assertArrayEquals(HexFormat.of().parseHex("00010203040506070809"), takePdu());
        assertFalse(reassembler.busy());
        assertEquals(1, sink.frames.size(), "no further flow control for the last frame");
    }

    @Test
    void flowControlFollowsEveryBlock()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder().blockSize(2));
        first(reassembler, "101E000102030405", 0);
        consecutive(reassembler, "2106070809101112", 1);
        assertEquals(1, sink.frames.size());
        consecutive(reassembler, "2213141516171819", 2);
        assertEquals(2, sink.frames.size(), "FC after the second CF of the block");
        consecutive(reassembler, "2320212223242526", 3);
        consecutive(reassembler, "2427282930", 4);
        assertEquals(30, takePdu().length);
    }

    @Test
    void wrongSequenceNumberAbandonsTheReception()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder());
        first(reassembler, "1014000102030405", 0);
        consecutive(reassembler, "2206070809101112", 1);
        assertEquals(IsoTpError.WRONG_SEQUENCE_NUMBER, PduQueue.error(queue.peek()));
        assertEquals(1, queue.detail(0), "expected");
        assertEquals(2, queue.detail(1), "received");
        queue.skip();
        assertFalse(reassembler.busy());
        consecutive(reassembler, "2106070809101112", 2);
        assertEquals(PduQueue.EMPTY, queue.peek(), "CFs after the failure are ignored");
    }

    @Test
    void missingConsecutiveFrameTimesOutAfterNcr()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder());
        first(reassembler, "1014000102030405", 0);
        reassembler.onTimer(SECOND - 1);
        assertEquals(PduQueue.EMPTY, queue.peek());
        reassembler.onTimer(SECOND);
        assertEquals(IsoTpError.CONSECUTIVE_FRAME_TIMEOUT, takeError());
        assertEquals(Long.MAX_VALUE, reassembler.deadline());
    }

    @Test
    void firstFrameLongerThanTheMaxPduIsRefusedWithOverflow()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder().maxPduLength(100));
        first(reassembler, "1065000102030405", 0);
        assertEquals("320000", sink.hex(0));
        assertEquals(IsoTpError.FRAME_TOO_LONG, takeError());
        assertFalse(reassembler.busy());
    }

    @Test
    void thirtyTwoBitFirstFrameLengthIsRead()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder());
        first(reassembler, "1000000010010001", 0);
        assertTrue(reassembler.busy(), "4097 bytes announced");
        assertEquals(1, sink.frames.size());
    }

    @Test
    void firstFrameThatWouldFitASingleFrameOrIsShortIsIgnored()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder());
        first(reassembler, "1005000102030405", 0);
        first(reassembler, "1014000102", 0);
        assertFalse(reassembler.busy());
        assertTrue(sink.frames.isEmpty());
    }

    @Test
    void listenModeNeverSendsFlowControl()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder().listenMode(true).maxPduLength(10));
        first(reassembler, "100A000102030405", 0);
        consecutive(reassembler, "2106070809", 1);
        first(reassembler, "10FF000102030405", 2);
        assertTrue(sink.frames.isEmpty());
        assertEquals(10, takePdu().length);
        assertEquals(IsoTpError.FRAME_TOO_LONG, takeError());
    }

    @Test
    void paddingDataCheckRejectsWrongPadding()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder().rxPadding(0xCC)
            .checkPaddingData(true));
        single(reassembler, "0311223300CCCCCC");
        assertEquals(IsoTpError.PADDING_ERROR, takeError());
        single(reassembler, "03112233CCCCCCCC");
        assertEquals(3, takePdu().length);
    }

    @Test
    void rxStminMinimumDropsConsecutiveFramesThatComeTooSoon()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder()
            .rxStminMinimum(java.time.Duration.ofMillis(1)));
        first(reassembler, "100E000102030405", 0);
        consecutive(reassembler, "2106070809101112", 5_000_000);
        consecutive(reassembler, "2213", 5_500_000);
        assertEquals(PduQueue.EMPTY, queue.peek(), "0.5 ms after the last CF: dropped");
        consecutive(reassembler, "2213", 6_100_000);
        assertEquals(14, takePdu().length);
    }

    @Test
    void newFirstFrameRestartsAReceptionInProgress()
    {
        final IsoTpReassembler reassembler = reassembler(IsoTpParams.builder());
        first(reassembler, "1014000102030405", 0);
        first(reassembler, "100A101112131415", 1);
        consecutive(reassembler, "2116171819", 2);
        assertArrayEquals(HexFormat.of().parseHex("10111213141516171819"), takePdu());
    }
}
