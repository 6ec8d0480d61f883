package org.panacan.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every addressing format resolves to the identifiers and address bytes ISO 15765-2 gives it. */
class IsoTpAddressTest
{
    private static final int EFF = 0x8000_0000;

    @Test
    void normalFixedPutsTargetThenSourceIntoTheIdentifier()
    {
        final IsoTpAddress address = IsoTpAddress.normalFixed29(0xF1, 0x33);
        assertEquals(0x18DA_33F1 | EFF, address.txIdWord(TargetAddressType.PHYSICAL));
        assertEquals(0x18DB_33F1 | EFF, address.txIdWord(TargetAddressType.FUNCTIONAL));
        assertEquals(0x18DA_F133 | EFF, address.rxIdWord());
        assertEquals(0x18DB_F133 | EFF, address.rxFunctionalIdWord());
        assertTrue(address.hasFunctionalIds());
        assertEquals(0, address.txAddressLength());
    }

    @Test
    void mixed29UsesCeAndCdAndTheAddressExtension()
    {
        final IsoTpAddress address = IsoTpAddress.mixed29(0xF1, 0x33, 0x99);
        assertEquals(0x18CE_33F1 | EFF, address.txIdWord(TargetAddressType.PHYSICAL));
        assertEquals(0x18CD_33F1 | EFF, address.txIdWord(TargetAddressType.FUNCTIONAL));
        assertEquals(0x99, address.txAddressByte());
        assertEquals(0x99, address.rxAddressByte());
    }

    @Test
    void extendedSendsTheTargetAndExpectsTheSourceAddress()
    {
        final IsoTpAddress address = IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11);
        assertEquals(0x600, address.txIdWord(TargetAddressType.PHYSICAL));
        assertEquals(0x600, address.txIdWord(TargetAddressType.FUNCTIONAL));
        assertEquals(0x22, address.txAddressByte());
        assertEquals(0x11, address.rxAddressByte());
        assertFalse(address.hasFunctionalIds());
    }

    @Test
    void asymmetricCombinesTwoFormats()
    {
        final IsoTpAddress address = IsoTpAddress.asymmetric(IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11),
            IsoTpAddress.normal29(0x1, 0x1234_5678));
        assertEquals(AddressingMode.EXTENDED_11, address.txMode());
        assertEquals(AddressingMode.NORMAL_29, address.rxMode());
        assertEquals(1, address.txAddressLength());
        assertEquals(0, address.rxAddressLength());
        assertEquals(0x1234_5678 | EFF, address.rxIdWord());
    }

    @Test
    void identifiersAndBytesOutOfRangeAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> IsoTpAddress.normal11(0x800, 0x1));
        assertThrows(IllegalArgumentException.class, () -> IsoTpAddress.normal29(0x2000_0000, 0x1));
        assertThrows(IllegalArgumentException.class, () -> IsoTpAddress.mixed11(0x1, 0x2, 256));
        assertThrows(IllegalArgumentException.class, () -> IsoTpAddress.normalFixed29(-1, 2));
    }
}
