package org.panacan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panacan.sys.KernelFrames;

/** The Java evaluation of filters (used by the virtual bus) agrees with the kernel's rules. */
class CanFilterTest
{
    private static int standard(final int id)
    {
        return id;
    }

    private static int extended(final int id)
    {
        return id | KernelFrames.CAN_EFF_FLAG;
    }

    private static int remote(final int canId)
    {
        return canId | KernelFrames.CAN_RTR_FLAG;
    }

    @Test
    void standardFilterIgnoresExtendedFramesWithTheSameBits()
    {
        final CanFilter filter = CanFilter.standard(0x123, 0x7FF);
        assertTrue(filter.matches(standard(0x123)));
        assertFalse(filter.matches(extended(0x123)));
        assertFalse(filter.matches(standard(0x124)));
    }

    @Test
    void maskSelectsTheBitsThatMustMatch()
    {
        final CanFilter filter = CanFilter.standard(0x100, 0x700);
        assertTrue(filter.matches(standard(0x1FF)));
        assertFalse(filter.matches(standard(0x200)));
    }

    @Test
    void extendedFilterMatchesExtendedFramesOnly()
    {
        final CanFilter filter = CanFilter.extended(0x1234_5678, 0x1FFF_FFFF);
        assertTrue(filter.matches(extended(0x1234_5678)));
        assertFalse(filter.matches(standard(0x678)));
    }

    @Test
    void remoteFramesMatchUnlessTheFilterSaysDataOnly()
    {
        assertTrue(CanFilter.standard(0x10, 0x7FF).matches(remote(0x10)));
        assertFalse(CanFilter.standard(0x10, 0x7FF).remote(false).matches(remote(0x10)));
        assertTrue(CanFilter.standard(0x10, 0x7FF).remote(true).matches(remote(0x10)));
    }

    @Test
    void invertedFilterPassesWhatTheFilterRejects()
    {
        final CanFilter filter = CanFilter.standard(0x123, 0x7FF).inverted();
        assertTrue(filter.isInverted());
        assertFalse(filter.matches(standard(0x123)));
        assertTrue(filter.matches(standard(0x124)));
        assertTrue(filter.matches(extended(0x123)));
    }

    @Test
    void anyFormatFilterMatchesBothFormats()
    {
        final CanFilter filter = CanFilter.anyFormat(0x123, 0x7FF);
        assertTrue(filter.matches(standard(0x123)));
        assertTrue(filter.matches(extended(0x123)));
    }

    @Test
    void filterIdsAreValidated()
    {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> CanFilter.standard(0x800, 0x7FF));
    }
}
