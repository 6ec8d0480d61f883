package org.panacan.isotp;

import org.panacan.FrameRules;

/**
 * The network address information (N_AI) of an ISO-TP channel, resolved to what goes on the wire: the identifier
 * of each direction and target address type, and the address byte that leads every frame in the extended and
 * mixed formats. Made by the factories, one per {@link AddressingMode} as in python-can-isotp's {@code Address},
 * or by {@link #asymmetric} from two of them (python-can-isotp's {@code AsymmetricAddress}).
 *
 * <p>Identifiers here carry no flag bits; {@link #txIdWord} and {@link #rxIdWord} give the kernel's
 * {@code can_id} words with the EFF flag. The fixed formats use priority 6 ({@code 0x18} in the top byte).
 *
 * @param txMode          the format of transmitted frames
 * @param txId            identifier of physically addressed frames we send (and of the flow control we send)
 * @param txFunctionalId  identifier of functionally addressed frames we send
 * @param txAddressByte   first payload byte of every frame we send, or -1 (normal formats)
 * @param rxMode          the format of received frames
 * @param rxId            identifier of physically addressed frames (and flow control) we receive
 * @param rxFunctionalId  identifier of functionally addressed frames we receive
 * @param rxAddressByte   first payload byte every received frame must have, or -1
 */
public record IsoTpAddress(
    AddressingMode txMode,
    int txId,
    int txFunctionalId,
    int txAddressByte,
    AddressingMode rxMode,
    int rxId,
    int rxFunctionalId,
    int rxAddressByte)
{
    /** No address byte (normal and normal-fixed formats). */
    public static final int NONE = -1;

    private static final int CAN_EFF_FLAG = 0x8000_0000;
    private static final int PRIORITY_6 = 0x1800_0000;
    private static final int NORMAL_FIXED_PHYSICAL = 0xDA_0000;
    private static final int NORMAL_FIXED_FUNCTIONAL = 0xDB_0000;
    private static final int MIXED_PHYSICAL = 0xCE_0000;
    private static final int MIXED_FUNCTIONAL = 0xCD_0000;

    public IsoTpAddress
    {
        java.util.Objects.requireNonNull(txMode, "txMode");
        java.util.Objects.requireNonNull(rxMode, "rxMode");
        checkId("tx", txId, txMode);
        checkId("tx functional", txFunctionalId, txMode);
        checkId("rx", rxId, rxMode);
        checkId("rx functional", rxFunctionalId, rxMode);
        checkAddressByte("tx", txAddressByte, txMode);
        checkAddressByte("rx", rxAddressByte, rxMode);
    }

    /** Normal addressing with 11-bit identifiers. */
    public static IsoTpAddress normal11(final int txId, final int rxId)
    {
        return symmetric(AddressingMode.NORMAL_11, txId, txId, NONE, rxId, rxId, NONE);
    }

    /** Normal addressing with 29-bit identifiers. */
    public static IsoTpAddress normal29(final int txId, final int rxId)
    {
        return symmetric(AddressingMode.NORMAL_29, txId, txId, NONE, rxId, rxId, NONE);
    }

    /**
     * Normal fixed addressing: we send on {@code 0x18DA<TA><SA>} ({@code 0x18DB} functional) and receive on
     * {@code 0x18DA<SA><TA>} ({@code 0x18DB<SA><TA>} functional).
     *
     * @param sourceAddress our address (N_SA), 0..255
     * @param targetAddress the peer's address (N_TA), 0..255
     */
    public static IsoTpAddress normalFixed29(final int sourceAddress, final int targetAddress)
    {
        checkByte("source address", sourceAddress);
        checkByte("target address", targetAddress);
        return symmetric(AddressingMode.NORMAL_FIXED_29,
            fixedId(NORMAL_FIXED_PHYSICAL, targetAddress, sourceAddress),
            fixedId(NORMAL_FIXED_FUNCTIONAL, targetAddress, sourceAddress), NONE,
            fixedId(NORMAL_FIXED_PHYSICAL, sourceAddress, targetAddress),
            fixedId(NORMAL_FIXED_FUNCTIONAL, sourceAddress, targetAddress), NONE);
    }

    /**
     * Extended addressing with 11-bit identifiers: frames we send start with {@code targetAddress}, frames we
     * accept start with {@code sourceAddress} (our own address).
     */
    public static IsoTpAddress extended11(final int txId, final int rxId, final int targetAddress,
        final int sourceAddress)
    {
        return symmetric(AddressingMode.EXTENDED_11, txId, txId, targetAddress, rxId, rxId, sourceAddress);
    }

    /** Extended addressing with 29-bit identifiers; see {@link #extended11}. */
    public static IsoTpAddress extended29(final int txId, final int rxId, final int targetAddress,
        final int sourceAddress)
    {
        return symmetric(AddressingMode.EXTENDED_29, txId, txId, targetAddress, rxId, rxId, sourceAddress);
    }

    /** Mixed addressing with 11-bit identifiers: every frame, both ways, starts with {@code addressExtension}. */
    public static IsoTpAddress mixed11(final int txId, final int rxId, final int addressExtension)
    {
        return symmetric(AddressingMode.MIXED_11, txId, txId, addressExtension, rxId, rxId, addressExtension);
    }

    /**
     * Mixed addressing with 29-bit identifiers {@code 0x18CE<TA><SA>} ({@code 0x18CD} functional), every frame
     * starting with {@code addressExtension}.
     */
    public static IsoTpAddress mixed29(final int sourceAddress, final int targetAddress, final int addressExtension)
    {
        checkByte("source address", sourceAddress);
        checkByte("target address", targetAddress);
        return symmetric(AddressingMode.MIXED_29,
            fixedId(MIXED_PHYSICAL, targetAddress, sourceAddress),
            fixedId(MIXED_FUNCTIONAL, targetAddress, sourceAddress), addressExtension,
            fixedId(MIXED_PHYSICAL, sourceAddress, targetAddress),
            fixedId(MIXED_FUNCTIONAL, sourceAddress, targetAddress), addressExtension);
    }

    /** The transmit half of {@code tx} with the receive half of {@code rx}: any two formats combined. */
    public static IsoTpAddress asymmetric(final IsoTpAddress tx, final IsoTpAddress rx)
    {
        return new IsoTpAddress(tx.txMode, tx.txId, tx.txFunctionalId, tx.txAddressByte,
            rx.rxMode, rx.rxId, rx.rxFunctionalId, rx.rxAddressByte);
    }

    private static IsoTpAddress symmetric(final AddressingMode mode, final int txId, final int txFunctionalId,
        final int txByte, final int rxId, final int rxFunctionalId, final int rxByte)
    {
        return new IsoTpAddress(mode, txId, txFunctionalId, txByte, mode, rxId, rxFunctionalId, rxByte);
    }

    private static int fixedId(final int format, final int target, final int source)
    {
        return PRIORITY_6 | format | target << 8 | source;
    }

    /** The kernel {@code can_id} word we send with: the identifier plus the EFF flag for 29-bit formats. */
    public int txIdWord(final TargetAddressType type)
    {
        final int id = type == TargetAddressType.FUNCTIONAL ? txFunctionalId : txId;
        return txMode.extendedIds() ? id | CAN_EFF_FLAG : id;
    }

    /** The kernel {@code can_id} word of physically addressed frames we receive. */
    public int rxIdWord()
    {
        return rxMode.extendedIds() ? rxId | CAN_EFF_FLAG : rxId;
    }

    /** The kernel {@code can_id} word of functionally addressed frames we receive. */
    public int rxFunctionalIdWord()
    {
        return rxMode.extendedIds() ? rxFunctionalId | CAN_EFF_FLAG : rxFunctionalId;
    }

    /** Whether functional frames travel on identifiers of their own (the fixed formats). */
    public boolean hasFunctionalIds()
    {
        return txFunctionalId != txId || rxFunctionalId != rxId;
    }

    /** Bytes the address takes from every frame we send: 1 with an address byte, else 0. */
    public int txAddressLength()
    {
        return txAddressByte == NONE ? 0 : 1;
    }

    /** Bytes the address takes from every frame we receive. */
    public int rxAddressLength()
    {
        return rxAddressByte == NONE ? 0 : 1;
    }

    private static void checkId(final String what, final int id, final AddressingMode mode)
    {
        final int max = mode.extendedIds() ? FrameRules.MAX_EXTENDED_ID : FrameRules.MAX_STANDARD_ID;
        if (id < 0 || id > max)
        {
            throw new IllegalArgumentException(String.format("%s identifier 0x%X is out of range for %s (0..0x%X)",
                what, id & 0xFFFF_FFFFL, mode, max));
        }
    }

    private static void checkAddressByte(final String what, final int value, final AddressingMode mode)
    {
        if (mode.addressByte())
        {
            checkByte(what + " address byte", value);
        }
        else if (value != NONE)
        {
            throw new IllegalArgumentException(mode + " has no address byte, but the " + what + " byte is " + value);
        }
    }

    private static void checkByte(final String what, final int value)
    {
        if (value < 0 || value > 0xFF)
        {
            throw new IllegalArgumentException(what + " " + value + " is outside 0..255");
        }
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        text.append(txMode).append(' ').append(id(txId, txMode)).append(byteText(txAddressByte));
        if (txFunctionalId != txId)
        {
            text.append(" (functional ").append(id(txFunctionalId, txMode)).append(')');
        }
        text.append(" -> ");
        if (rxMode != txMode)
        {
            text.append(rxMode).append(' ');
        }
        text.append(id(rxId, rxMode)).append(byteText(rxAddressByte));
        if (rxFunctionalId != rxId)
        {
            text.append(" (functional ").append(id(rxFunctionalId, rxMode)).append(')');
        }
        return text.toString();
    }

    private static String id(final int id, final AddressingMode mode)
    {
        return String.format(mode.extendedIds() ? "0x%08X" : "0x%03X", id);
    }

    private static String byteText(final int value)
    {
        return value == NONE ? "" : String.format("[%02X]", value);
    }
}
