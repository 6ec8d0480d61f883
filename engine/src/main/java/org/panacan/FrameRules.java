package org.panacan;

/**
 * The checks every frame passes before it reaches a socket, so that bad input fails with a message naming
 * the problem instead of an errno, and nothing is half-sent.
 */
public final class FrameRules
{
    /** Largest 11-bit identifier. */
    public static final int MAX_STANDARD_ID = 0x7FF;
    /** Largest 29-bit identifier. */
    public static final int MAX_EXTENDED_ID = 0x1FFF_FFFF;

    private FrameRules()
    {
    }

    /**
     * Throws {@link IllegalArgumentException} unless the fields describe a frame the kernel will accept.
     *
     * @param id      the identifier without flag bits
     * @param flags   {@link FrameFlags} wire bits (receive metadata bits are ignored)
     * @param length  payload length (for a remote frame: the requested length)
     * @param len8Dlc 0, or a raw DLC 9..15 for a classic 8-byte frame
     */
    public static void check(final int id, final int flags, final int length, final int len8Dlc)
    {
        checkId(id, flags);
        if ((flags & FrameFlags.FD) != 0)
        {
            checkFd(flags, length, len8Dlc);
        }
        else
        {
            checkClassic(flags, length, len8Dlc);
        }
    }

    /** Throws unless {@code id} fits 11 bits, or 29 bits with {@link FrameFlags#EXTENDED}. */
    public static void checkId(final int id, final int flags)
    {
        final boolean extended = (flags & FrameFlags.EXTENDED) != 0;
        final int max = extended ? MAX_EXTENDED_ID : MAX_STANDARD_ID;
        if (id < 0 || id > max)
        {
            throw new IllegalArgumentException(String.format(
                "CAN id 0x%X is out of range for a %s frame (0..0x%X)", id & 0xFFFF_FFFFL,
                extended ? "29-bit extended" : "11-bit standard", max));
        }
    }

    private static void checkFd(final int flags, final int length, final int len8Dlc)
    {
        if ((flags & FrameFlags.REMOTE) != 0)
        {
            throw new IllegalArgumentException("CAN FD has no remote frames");
        }
        if (!Dlc.isFdLength(length))
        {
            throw new IllegalArgumentException("CAN FD length " + length
                + " is not one of 0..8, 12, 16, 20, 24, 32, 48, 64");
        }
        if (len8Dlc != 0)
        {
            throw new IllegalArgumentException("len8_dlc applies to classic CAN frames only");
        }
    }

    private static void checkClassic(final int flags, final int length, final int len8Dlc)
    {
        if ((flags & (FrameFlags.BRS | FrameFlags.ESI)) != 0)
        {
            throw new IllegalArgumentException("BRS and ESI need a CAN FD frame (FrameFlags.FD)");
        }
        if (length < 0 || length > Dlc.MAX_CLASSIC_LENGTH)
        {
            throw new IllegalArgumentException("classic CAN length " + length + " is outside 0..8");
        }
        if (len8Dlc != 0 && (len8Dlc < 9 || len8Dlc > 15 || length != Dlc.MAX_CLASSIC_LENGTH))
        {
            throw new IllegalArgumentException("len8_dlc " + len8Dlc
                + " needs a value in 9..15 and an 8-byte payload (length is " + length + ")");
        }
    }
}
