package org.panacan.isotp;

/**
 * ISO 15765-2 addressing formats (python-can-isotp's {@code AddressingMode}): how the network address information
 * maps onto CAN identifiers and, for the extended and mixed formats, a first payload byte.
 */
public enum AddressingMode
{
    /** Free 11-bit identifiers, one per direction. */
    NORMAL_11(false, false),
    /** Free 29-bit identifiers, one per direction. */
    NORMAL_29(true, false),
    /** 29-bit identifiers {@code 0x18DA<TA><SA>} (physical) and {@code 0x18DB<TA><SA>} (functional). */
    NORMAL_FIXED_29(true, false),
    /** Free 11-bit identifiers; the first payload byte is the target address (N_TA). */
    EXTENDED_11(false, true),
    /** Free 29-bit identifiers; the first payload byte is the target address (N_TA). */
    EXTENDED_29(true, true),
    /** Free 11-bit identifiers; the first payload byte is the address extension (N_AE). */
    MIXED_11(false, true),
    /** 29-bit identifiers {@code 0x18CE<TA><SA>} / {@code 0x18CD<TA><SA>}; the first payload byte is N_AE. */
    MIXED_29(true, true);

    private final boolean extendedIds;
    private final boolean addressByte;

    AddressingMode(final boolean extendedIds, final boolean addressByte)
    {
        this.extendedIds = extendedIds;
        this.addressByte = addressByte;
    }

    /** Whether the CAN identifiers have 29 bits. */
    public boolean extendedIds()
    {
        return extendedIds;
    }

    /** Whether every frame starts with an address byte (extended and mixed formats). */
    public boolean addressByte()
    {
        return addressByte;
    }
}
