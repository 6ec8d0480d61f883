package org.panacan.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.HexFormat;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requests are byte for byte what iproute2 6.1 sends. Each expected message was captured on the wire with
 * {@code strace -e trace=sendmsg -e write=3 ip link ...} against an existing non-CAN interface (index 2), which the
 * kernel refuses, so nothing changed; {@code down} and {@code delete} were captured with the call suppressed
 * ({@code -e inject=sendmsg:error=EPERM:when=2}). Only the sequence number is ip's own choice; it is passed in.
 */
class LinkRequestsTest
{
    private static final int INDEX = 2;
    private static final int SEQ_A = 0x6b072479;
    private static final int SEQ_B = 0x6b072481;
    private static final int SEQ_C = 0x6b07274c;

    private final Arena arena = Arena.ofConfined();
    private final NetlinkWriter writer = new NetlinkWriter(arena.allocate(1024, 8));

    @AfterEach
    void free()
    {
        arena.close();
    }

    @Test
    void bitrateSamplePointAndRestartMsAreIpLinkSetTypeCan()
    {
        // ip link set dev X type can bitrate 500000 sample-point 0.875 restart-ms 100
        assertRequest(SEQ_A, """
            5c000000 10000500 7924076b 00000000 00000000 02000000 00000000 00000000
            3c001200 07000100 63616e00 30000200 08000600 64000000 24000100 20a10700
            6b030000 00000000 00000000 00000000 00000000 00000000 00000000""",
            w -> LinkRequests.configure(w, INDEX,
                ControllerSettings.builder().bitrate(500_000, 0.875).restartMs(100).build()));
    }

    @Test
    void dataBitrateWithFdOnIsIpLinkSetTypeCanDbitrate()
    {
        // ip link set dev X type can bitrate 500000 dbitrate 2000000 fd on
        assertRequest(SEQ_B, """
            84000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            64001200 07000100 63616e00 58000200 24000100 20a10700 00000000 00000000
            00000000 00000000 00000000 00000000 00000000 24000900 80841e00 00000000
            00000000 00000000 00000000 00000000 00000000 00000000 0c000500 20000000
            20000000""",
            w -> LinkRequests.configure(w, INDEX, ControllerSettings.builder().bitrate(500_000)
                .dataBitrate(2_000_000).mode(CtrlMode.FD, true).build()));
    }

    @Test
    void dataSamplePointIsSentInTenthsOfAPercent()
    {
        // ip link set dev X type can bitrate 1000000 sample-point 0.8 dbitrate 5000000 dsample-point 0.75 fd on
        assertRequest(SEQ_B, """
            84000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            64001200 07000100 63616e00 58000200 24000100 40420f00 20030000 00000000
            00000000 00000000 00000000 00000000 00000000 24000900 404b4c00 ee020000
            00000000 00000000 00000000 00000000 00000000 00000000 0c000500 20000000
            20000000""",
            w -> LinkRequests.configure(w, INDEX, ControllerSettings.builder().bitrate(1_000_000, 0.8)
                .dataBitrate(5_000_000, 0.75).mode(CtrlMode.FD, true).build()));
    }

    @Test
    void ctrlModesSwitchOnlyWhatIsNamed()
    {
        // ip link set dev X type can listen-only on loopback off one-shot on berr-reporting on
        //   triple-sampling off presume-ack on fd-non-iso off cc-len8-dlc on
        assertRequest(SEQ_B, """
            3c000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            1c001200 07000100 63616e00 10000200 0c000500 df010000 5a010000""",
            w -> LinkRequests.configure(w, INDEX, ControllerSettings.builder()
                .mode(CtrlMode.LISTEN_ONLY, true).mode(CtrlMode.LOOPBACK, false).mode(CtrlMode.ONE_SHOT, true)
                .mode(CtrlMode.BERR_REPORTING, true).mode(CtrlMode.TRIPLE_SAMPLING, false)
                .mode(CtrlMode.PRESUME_ACK, true).mode(CtrlMode.FD_NON_ISO, false).mode(CtrlMode.CC_LEN8_DLC, true)
                .build()));
    }

    @Test
    void explicitSegmentsAreSentWithoutABitrate()
    {
        // ip link set dev X type can tq 125 prop-seg 6 phase-seg1 7 phase-seg2 2 sjw 1
        assertRequest(SEQ_B, """
            54000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            34001200 07000100 63616e00 28000200 24000100 00000000 00000000 7d000000
            06000000 07000000 02000000 01000000 00000000""",
            w -> LinkRequests.configure(w, INDEX,
                ControllerSettings.builder().bitTiming(BitTiming.segments(125, 6, 7, 2, 1)).build()));
    }

    @Test
    void restartMsZeroTurnsAutomaticRestartOff()
    {
        // ip link set dev X type can restart-ms 0
        assertRequest(SEQ_B, """
            38000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            18001200 07000100 63616e00 0c000200 08000600 00000000""",
            w -> LinkRequests.configure(w, INDEX, ControllerSettings.builder().restartMs(0).build()));
    }

    @Test
    void restartIsTheCanRestartAttribute()
    {
        // ip link set dev X type can restart
        assertRequest(SEQ_B, """
            38000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            18001200 07000100 63616e00 0c000200 08000700 01000000""",
            w -> LinkRequests.restart(w, INDEX));
    }

    @Test
    void upSetsIffUpInFlagsAndChange()
    {
        // ip link set dev X up
        assertRequest(SEQ_B, """
            20000000 10000500 8124076b 00000000 00000000 02000000 01000000 01000000""",
            w -> LinkRequests.setUp(w, INDEX, true));
    }

    @Test
    void downClearsIffUpInFlagsAndSetsItInChange()
    {
        // ip link set dev X down
        assertRequest(SEQ_C, """
            20000000 10000500 4c27076b 00000000 00000000 02000000 00000000 01000000""",
            w -> LinkRequests.setUp(w, INDEX, false));
    }

    @Test
    void mtuIsTheMtuAttribute()
    {
        // ip link set dev X mtu 72
        assertRequest(SEQ_B, """
            28000000 10000500 8124076b 00000000 00000000 02000000 00000000 00000000
            08000400 48000000""",
            w -> LinkRequests.setMtu(w, INDEX, 72));
    }

    @Test
    void vcanIsCreatedByNameWithCreateAndExcl()
    {
        // ip link add pcvcan0 type vcan
        assertRequest(SEQ_B, """
            38000000 10000506 8124076b 00000000 00000000 00000000 00000000 00000000
            0c000300 70637663 616e3000 0c001200 08000100 7663616e""",
            w -> LinkRequests.create(w, "pcvcan0", "vcan"));
    }

    @Test
    void vxcanPeerIsANestedIfinfomsgWithItsName()
    {
        // ip link add pcvx0 type vxcan peer name pcvx1
        assertRequest(SEQ_B, """
            60000000 10000506 8124076b 00000000 00000000 00000000 00000000 00000000
            0a000300 70637678 30000000 34001200 09000100 76786361 6e000000 24000200
            20000100 00000000 00000000 00000000 00000000 0a000300 70637678 31000000""",
            w -> LinkRequests.createVxcan(w, "pcvx0", "pcvx1"));
    }

    @Test
    void deleteIsRtmDellinkByIndex()
    {
        // ip link delete dev X
        assertRequest(SEQ_C, """
            20000000 11000500 4c27076b 00000000 00000000 02000000 00000000 00000000""",
            w -> LinkRequests.delete(w, INDEX));
    }

    @Test
    void dumpAsksForEveryLink()
    {
        assertRequest(7, """
            20000000 12000103 07000000 00000000 00000000 00000000 00000000 00000000""",
            LinkRequests::dump);
    }

    @Test
    void getNamesTheLinkSoThatTheKernelResolvesIt()
    {
        assertRequest(7, """
            2c000000 12000500 07000000 00000000 00000000 00000000 00000000 00000000
            09000300 63616e30 00000000""",
            w -> LinkRequests.get(w, "can0"));
    }

    private void assertRequest(final int sequence, final String expectedHex, final Consumer<NetlinkWriter> build)
    {
        build.accept(writer);
        final int length = writer.finish(sequence);
        final String actual = HexFormat.of().formatHex(writer.buffer().asSlice(0, length).toArray(JAVA_BYTE));
        assertEquals(expectedHex.replaceAll("\\s", ""), actual);
    }
}
