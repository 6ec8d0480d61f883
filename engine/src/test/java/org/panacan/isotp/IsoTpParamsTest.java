package org.panacan.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Bad parameters fail when built, naming the problem; good ones encode as the kernel wants them. */
class IsoTpParamsTest
{
    @Test
    void defaultsAreTheKernelDefaults()
    {
        final IsoTpParams params = IsoTpParams.defaults();
        assertEquals(8, params.txDataLength());
        assertEquals(0, params.blockSize());
        assertEquals(0, params.stminCode());
        assertEquals(50_000, params.frameTxTimeNanos());
        assertEquals(IsoTpParams.NO_PADDING, params.txPadding());
        assertEquals(Duration.ofSeconds(1), params.flowControlTimeout());
        assertTrue(params.waitTxDone());
    }

    @Test
    void stminOutsideTheEncodableRangeIsRefused()
    {
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
            () -> IsoTpParams.builder().stmin(Duration.ofMillis(128)).build());
        assertTrue(tooLong.getMessage().contains("STmin"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> IsoTpParams.builder().stmin(Duration.ofNanos(150_000)).build());
        assertThrows(IllegalArgumentException.class,
            () -> IsoTpParams.builder().stmin(Duration.ofNanos(1_500_000)).build());
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().stmin(Duration.ofNanos(-1)).build());
    }

    @Test
    void txDataLengthMustBeACanFdLengthAndNeedsCanFd()
    {
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().fd(10).build());
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().txDataLength(64).build());
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().bitRateSwitch(true).build());
        assertEquals(48, IsoTpParams.builder().fd(48).build().txDataLength());
    }

    @Test
    void byteSizedParametersStayWithinAByte()
    {
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().blockSize(256).build());
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().wftmax(-1).build());
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().txPadding(300).build());
    }

    @Test
    void contradictoryOptionsAreRefused()
    {
        assertThrows(IllegalArgumentException.class,
            () -> IsoTpParams.builder().sfBroadcast(true).cfBroadcast(true).build());
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.builder().checkPaddingData(true).build());
        assertThrows(IllegalArgumentException.class,
            () -> IsoTpParams.builder().txStminOverride(Duration.ofSeconds(5)).build(), "beyond a u32 of ns");
    }

    @Test
    void singleFrameCapacityFollowsTxDlAndAddressing()
    {
        assertEquals(7, IsoTpParams.defaults().singleFrameCapacity(0));
        assertEquals(6, IsoTpParams.defaults().singleFrameCapacity(1));
        assertEquals(62, IsoTpParams.builder().fd(64).build().singleFrameCapacity(0));
        assertEquals(9, IsoTpParams.builder().fd(12).build().singleFrameCapacity(1));
    }

    @Test
    void aReceivingChannelNeedsTwoIdentifiers()
    {
        final IsoTpAddress same = IsoTpAddress.normal11(0x700, 0x700);
        assertThrows(IllegalArgumentException.class, () -> IsoTpParams.defaults().checkAddress(same));
        IsoTpParams.builder().sfBroadcast(true).build().checkAddress(same);
    }
}
