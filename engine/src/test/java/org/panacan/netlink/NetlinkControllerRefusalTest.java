package org.panacan.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panacan.CanException;
import org.panacan.testing.SocketCanTest;

/**
 * What only a real controller takes (bit timing, data bit timing, restart-ms, controller modes, termination,
 * restart) reaches the kernel as built ({@link LinkRequestsTest} pins the bytes) and a vcan refuses it: the kernel
 * answers {@code EOPNOTSUPP} because the request's {@code can} link data does not belong to a vcan. The refusal
 * names the request, the interface and why.
 */
@SocketCanTest
class NetlinkControllerRefusalTest
{
    private static final String VCAN = "pcnr" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000,
        0xFFFFFF));
    private static CanInterfaces interfaces;
    private static CanLink link;

    @BeforeAll
    static void createVcan() throws CanException
    {
        interfaces = CanInterfaces.open();
        link = interfaces.createVcan(VCAN);
    }

    @AfterAll
    static void deleteVcan() throws CanException
    {
        try
        {
            link.delete();
        }
        finally
        {
            interfaces.close();
        }
    }

    static Stream<Arguments> controllerSettings()
    {
        return Stream.of(
            Arguments.of("bitrate", ControllerSettings.builder().bitrate(500_000).build()),
            Arguments.of("bitrate and sample point", ControllerSettings.builder().bitrate(500_000, 0.875).build()),
            Arguments.of("segments",
                ControllerSettings.builder().bitTiming(BitTiming.segments(125, 6, 7, 2, 1)).build()),
            Arguments.of("data bitrate", ControllerSettings.builder().bitrate(500_000).dataBitrate(2_000_000)
                .mode(CtrlMode.FD, true).build()),
            Arguments.of("restart-ms", ControllerSettings.builder().restartMs(100).build()),
            Arguments.of("listen-only", ControllerSettings.builder().mode(CtrlMode.LISTEN_ONLY, true).build()),
            Arguments.of("loopback off", ControllerSettings.builder().mode(CtrlMode.LOOPBACK, false).build()),
            Arguments.of("termination", ControllerSettings.builder().termination(120).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controllerSettings")
    void aVcanRefusesControllerSettingsWithEopnotsupp(final String what, final ControllerSettings settings)
    {
        final CanException refused = assertThrows(CanException.class, () -> link.configure(settings));

        assertEquals("EOPNOTSUPP", refused.errnoName(), what);
        assertEquals("RTM_NEWLINK", refused.syscall());
        assertTrue(refused.getMessage().startsWith("RTM_NEWLINK(" + VCAN + "): EOPNOTSUPP"), refused.getMessage());
        assertTrue(refused.getMessage().contains("only CAN controllers"), refused.getMessage());
    }

    @Test
    void theConvenienceSettersSendTheSameRequests()
    {
        final List<Executable> changes = List.of(() -> link.setBitrate(250_000), () -> link.setBitrate(250_000, 0.8),
            () -> link.setDataBitrate(4_000_000), () -> link.setRestartMs(0),
            () -> link.setMode(CtrlMode.ONE_SHOT, true));
        for (final Executable change : changes)
        {
            assertEquals("EOPNOTSUPP", assertThrows(CanException.class, change).errnoName());
        }
    }

    @Test
    void aVcanRefusesAManualRestart() throws CanException
    {
        link.up();
        try
        {
            final CanException refused = assertThrows(CanException.class, link::restart);

            assertEquals("EOPNOTSUPP", refused.errnoName());
            assertTrue(refused.getMessage().contains(VCAN), refused.getMessage());
            assertTrue(refused.getMessage().contains("only CAN controllers"), refused.getMessage());
        }
        finally
        {
            link.down();
        }
    }
}
