package org.panacan.isotp.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpError;
import org.panacan.isotp.IsoTpParams;

/** The transmit state machine: segmentation, flow control handling and pacing, as the kernel's isotp_rcv_fc. */
class IsoTpSegmenterTest
{
    private static final int TX_ID = 0x7E0;
    private static final long MS = 1_000_000L;

    private final RecordingSink sink = new RecordingSink();

    private IsoTpSegmenter segmenter(final IsoTpParams.Builder params)
    {
        final IsoTpParams built = params.build();
        return new IsoTpSegmenter(new FrameLayout(IsoTpAddress.normal11(TX_ID, 0x7E8), built), built, sink);
    }

    private static void flowControl(final IsoTpSegmenter segmenter, final String hex, final long now)
    {
        final MemorySegment frame = MemorySegment.ofArray(HexFormat.of().parseHex(hex));
        segmenter.onFlowControl(frame, 0, (int)frame.byteSize(), now);
    }

    private static int error(final IsoTpError error)
    {
        return 1 + error.ordinal();
    }

    @Test
    void singleFrameGoesOutAtOnceAndEndsTheTransfer()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        assertTrue(segmenter.start(new byte[] {1, 2, 3}, 0, 3, TX_ID, 0));
        assertEquals("03010203", sink.hex(0));
        assertTrue(segmenter.idle());
        assertEquals(IsoTpSegmenter.OK, segmenter.result());
    }

    @Test
    void firstFrameWaitsForFlowControlThenConsecutiveFramesKeepTheGap()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ZERO));
        segmenter.start(new byte[20], 0, 20, TX_ID, 0);
        assertEquals("1014000000000000", sink.hex(0));
        assertEquals(1_000 * MS, segmenter.deadline(), "N_Bs");
        flowControl(segmenter, "300005", 10 * MS);
        assertEquals(2, sink.frames.size(), "the first CF goes out at once");
        assertEquals("21000000000000", sink.hex(1).substring(0, 14));
        final long due = segmenter.deadline();
        assertTrue(due - 10 * MS >= 5 * MS, "next CF 5 ms later");
        segmenter.service(due - 1);
        assertEquals(2, sink.frames.size());
        segmenter.service(due);
        assertEquals(3, sink.frames.size());
        assertTrue(segmenter.idle());
        assertEquals(IsoTpSegmenter.OK, segmenter.result());
    }

    @Test
    void frameTxTimeIsAddedToStmin()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ofNanos(50_000)));
        segmenter.start(new byte[30], 0, 30, TX_ID, 0);
        final long before = System.nanoTime();
        flowControl(segmenter, "3000F5", before);
        assertTrue(segmenter.deadline() - before >= 550_000, "500 us STmin + 50 us N_As");
    }

    @Test
    void blockSizeMakesTheSenderWaitForTheNextFlowControl()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ZERO));
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        flowControl(segmenter, "300200", 0);
        segmenter.service(System.nanoTime());
        assertEquals(3, sink.frames.size(), "FF + 2 CFs");
        assertFalse(segmenter.idle());
        segmenter.service(System.nanoTime());
        assertEquals(3, sink.frames.size(), "blocked until the next FC");
        flowControl(segmenter, "300200", 1);
        segmenter.service(System.nanoTime());
        assertEquals(5, sink.frames.size());
    }

    @Test
    void missingFlowControlTimesOut()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        segmenter.service(999 * MS);
        assertFalse(segmenter.idle());
        segmenter.service(1_000 * MS);
        assertTrue(segmenter.idle());
        assertEquals(error(IsoTpError.FLOW_CONTROL_TIMEOUT), segmenter.result());
    }

    @Test
    void waitFramesRestartNbsUpToWftmax()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().wftmax(2));
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        flowControl(segmenter, "310000", 900 * MS);
        assertEquals(1_900 * MS, segmenter.deadline());
        flowControl(segmenter, "310000", 1_000 * MS);
        assertFalse(segmenter.idle());
        flowControl(segmenter, "310000", 1_100 * MS);
        assertEquals(error(IsoTpError.TOO_MANY_WAIT_FRAMES), segmenter.result());
    }

    @Test
    void overflowEndsTheTransfer()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        flowControl(segmenter, "320000", 1);
        assertEquals(error(IsoTpError.FLOW_CONTROL_OVERFLOW), segmenter.result());
        assertEquals(1, sink.frames.size());
    }

    @Test
    void reservedFlowStatusIsUnexpectedFlowControl()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        flowControl(segmenter, "370000", 1);
        assertEquals(error(IsoTpError.UNEXPECTED_FLOW_CONTROL), segmenter.result());
        assertEquals(7, segmenter.resultDetail());
    }

    @Test
    void shortFlowControlIsAPaddingError()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        flowControl(segmenter, "3000", 1);
        assertEquals(error(IsoTpError.PADDING_ERROR), segmenter.result());
    }

    @Test
    void reservedStminCountsAs127Milliseconds()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ZERO));
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        final long now = System.nanoTime();
        flowControl(segmenter, "300080", now);
        assertTrue(segmenter.deadline() - now >= 127 * MS);
    }

    @Test
    void blockSizeAndStminComeFromTheFirstFlowControlOnlyUnlessDynamic()
    {
        for (final boolean dynamic : new boolean[] {false, true})
        {
            sink.clear();
            final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ZERO)
                .dynamicFlowControl(dynamic));
            segmenter.start(new byte[60], 0, 60, TX_ID, 0);
            flowControl(segmenter, "300100", 0);
            final long now = System.nanoTime();
            flowControl(segmenter, "300014", now);
            final long wait = segmenter.deadline() - now;
            if (dynamic)
            {
                assertTrue(wait >= 20 * MS && wait < 500 * MS, "BS 0 and STmin 20 ms now apply: " + wait);
            }
            else
            {
                assertTrue(wait >= 900 * MS, "BS 1 still applies: waits for the next FC, " + wait);
            }
        }
    }

    @Test
    void withoutGapConsecutiveFramesGoOutInBatches()
    {
        sink.batchCapacity = 64;
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ZERO));
        segmenter.start(new byte[4095], 0, 4095, TX_ID, 0);
        flowControl(segmenter, "300000", 0);
        while (!segmenter.idle())
        {
            segmenter.service(System.nanoTime());
        }
        assertEquals(1 + 585, sink.frames.size());
        assertEquals((585 + 63) / 64, sink.flushes);
        assertEquals(IsoTpSegmenter.OK, segmenter.result());
    }

    @Test
    void cfBroadcastSendsWithoutFlowControl()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().cfBroadcast(true)
            .frameTxTime(Duration.ZERO));
        segmenter.start(new byte[20], 0, 20, TX_ID, 0);
        segmenter.service(System.nanoTime());
        segmenter.service(System.nanoTime());
        assertEquals(3, sink.frames.size());
        assertTrue(segmenter.idle());
    }

    @Test
    void rateLimitSpacesFramesOut()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder().frameTxTime(Duration.ZERO)
            .rateLimit(64_000, Duration.ofMillis(1)));
        segmenter.start(new byte[100], 0, 100, TX_ID, 0);
        final long start = System.nanoTime();
        flowControl(segmenter, "300000", start);
        long now = start;
        while (!segmenter.idle())
        {
            now = Math.max(now, segmenter.deadline());
            segmenter.service(now);
        }
        final long bits = 8L * 8 * 14;
        assertTrue(now - start >= (bits - 8 * 64) * 1_000_000_000L / 64_000 - MS,
            "14 CFs at 64 kbit/s take " + (now - start) / MS + " ms");
    }

    @Test
    void refusedFrameEndsTheTransferWithALinkFailure()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        sink.refuse = true;
        assertFalse(segmenter.start(new byte[3], 0, 3, TX_ID, 0));
        assertEquals(IsoTpSegmenter.LINK_FAILURE, segmenter.result());
        assertTrue(segmenter.idle());
    }

    @Test
    void abortEndsTheTransfer()
    {
        final IsoTpSegmenter segmenter = segmenter(IsoTpParams.builder());
        segmenter.start(new byte[40], 0, 40, TX_ID, 0);
        segmenter.abort();
        assertTrue(segmenter.idle());
        assertEquals(IsoTpSegmenter.ABORTED, segmenter.result());
        flowControl(segmenter, "300000", 1);
        assertEquals(1, sink.frames.size(), "a late FC starts nothing");
    }
}
