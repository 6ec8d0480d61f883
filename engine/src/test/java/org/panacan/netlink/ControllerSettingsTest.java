package org.panacan.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Settings are checked when given, before any request is built. */
class ControllerSettingsTest
{
    @Test
    void aSamplePointIsKeptInTenthsOfAPercentAsIproute2ParsesIt()
    {
        final ControllerSettings settings = ControllerSettings.builder().bitrate(500_000, 0.875)
            .dataBitrate(2_000_000, 0.8).build();

        assertEquals(875, settings.bitTiming().orElseThrow().samplePoint());
        assertEquals(800, settings.dataBitTiming().orElseThrow().samplePoint());
    }

    @Test
    void modesSwitchedOffAreInTheMaskButNotInTheFlags()
    {
        final ControllerSettings settings = ControllerSettings.builder().mode(CtrlMode.FD, true)
            .mode(CtrlMode.LISTEN_ONLY, false).build();

        assertEquals(CtrlMode.FD.bit() | CtrlMode.LISTEN_ONLY.bit(), settings.modeMask());
        assertEquals(CtrlMode.FD.bit(), settings.modeFlags());
        assertEquals(EnumSet.of(CtrlMode.FD, CtrlMode.LISTEN_ONLY), CtrlMode.of(settings.modeMask()));
    }

    @Test
    void onlyWhatWasSetIsSent()
    {
        final ControllerSettings settings = ControllerSettings.builder().restartMs(0).build();

        assertEquals(OptionalInt.of(0), settings.restartMs());
        assertEquals(Optional.empty(), settings.bitTiming());
        assertEquals(OptionalInt.empty(), settings.termination());
        assertTrue(settings.modes().isEmpty());
    }

    @Test
    void badValuesAreRefusedNamingTheProblem()
    {
        assertRefused("no controller setting given", () -> ControllerSettings.builder().build());
        assertRefused("bit rate 0 must be positive", () -> ControllerSettings.builder().bitrate(0));
        assertRefused("data bit rate -1 must be positive", () -> ControllerSettings.builder().dataBitrate(-1));
        assertRefused("sample point 1.0 is outside (0, 1)", () -> ControllerSettings.builder().bitrate(500_000, 1.0));
        assertRefused("sample point 87.5 is outside (0, 1)",
            () -> ControllerSettings.builder().bitrate(500_000, 87.5));
        assertRefused("data sample point NaN", () -> ControllerSettings.builder().dataBitrate(1, Double.NaN));
        assertRefused("restart-ms -1 is negative", () -> ControllerSettings.builder().restartMs(-1));
        assertRefused("termination 70000 ohm", () -> ControllerSettings.builder().termination(70_000));
        assertRefused("must be positive", () -> BitTiming.segments(0, 6, 7, 2, 1));
    }

    @Test
    void interfaceNamesFollowTheKernelsRules()
    {
        assertRefused("must have 1..15 characters", () -> CanInterfaces.checkName(""));
        assertRefused("must have 1..15 characters", () -> CanInterfaces.checkName("a23456789012345x"));
        assertRefused("not be '.' or '..'", () -> CanInterfaces.checkName(".."));
        assertRefused("has '/' at 1", () -> CanInterfaces.checkName("a/b"));
        assertRefused("has ':' at 4", () -> CanInterfaces.checkName("vcan:1"));
        assertRefused("has ' ' at 3", () -> CanInterfaces.checkName("can 0"));
        assertEquals("a23456789012345", CanInterfaces.checkName("a23456789012345"));
    }

    private static void assertRefused(final String expected, final Executable call)
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, call);
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
