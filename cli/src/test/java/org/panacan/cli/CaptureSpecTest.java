package org.panacan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.panacan.CanFilter;

import picocli.CommandLine;

/** candump's filter syntax, word for word as candump.c turns it into kernel filters. */
class CaptureSpecTest
{
    @Test
    void aBareInterfaceHasNoFiltersAndNoErrorMask()
    {
        assertEquals(new CaptureSpec("vcan0", List.of(), -1L, false), CaptureSpec.parse("vcan0"));
    }

    @Test
    void idMaskFiltersAreKernelFiltersAsGiven()
    {
        final CaptureSpec spec = CaptureSpec.parse("can0,123:7FF,400:700");
        assertEquals(List.of(CanFilter.raw(0x123, 0x7FF), CanFilter.raw(0x400, 0x700)), spec.filters());
    }

    @Test
    void eightDigitIdsSetTheExtendedFrameBit()
    {
        final CaptureSpec spec = CaptureSpec.parse("vcan2,12345678:DFFFFFFF");
        assertEquals(List.of(CanFilter.raw(0x92345678, 0xDFFFFFFF)), spec.filters());
    }

    @Test
    void theErrorFlagIsClearedFromMasks()
    {
        assertEquals(CanFilter.raw(0x123, 0xC00007FF), CaptureSpec.parse("vcan2,123:E00007FF").filters().getFirst());
    }

    @Test
    void tildeInvertsAFilter()
    {
        final CanFilter filter = CaptureSpec.parse("can2,400~7F0").filters().getFirst();
        assertTrue(filter.isInverted());
        assertEquals(CanFilter.raw(0x400, 0x7F0).inverted(), filter);
        assertFalse(filter.matches(0x40A));
        assertTrue(filter.matches(0x123));
    }

    @Test
    void errorMaskAndJoin()
    {
        final CaptureSpec spec = CaptureSpec.parse("any,0~0,#FFFFFFFF,J");
        assertEquals(0xFFFF_FFFFL, spec.errorMask());
        assertTrue(spec.join());
        assertEquals("any", spec.interfaceName());
    }

    @Test
    void malformedFiltersAreNamed()
    {
        final CommandLine.TypeConversionException failure =
            assertThrows(CommandLine.TypeConversionException.class, () -> CaptureSpec.parse("can0,hello"));
        assertTrue(failure.getMessage().contains("'hello' in 'can0,hello' is not a filter"), failure.getMessage());
        assertThrows(CommandLine.TypeConversionException.class, () -> CaptureSpec.parse("can0,123:"));
        assertThrows(CommandLine.TypeConversionException.class, () -> CaptureSpec.parse("can0,#"));
        assertThrows(CommandLine.TypeConversionException.class, () -> CaptureSpec.parse("can0,123456789:7FF"));
    }
}
