package org.panacan;

/**
 * Data length codes: the 4-bit DLC on the wire versus the payload length in bytes.
 *
 * <p>Classic CAN carries 0..8 bytes; DLC 9..15 also mean 8 bytes (the raw value survives in
 * {@code len8_dlc}). CAN FD maps DLC 9..15 to 12, 16, 20, 24, 32, 48 and 64 bytes.
 */
public final class Dlc
{
    /** Largest classic payload. */
    public static final int MAX_CLASSIC_LENGTH = 8;
    /** Largest CAN FD payload. */
    public static final int MAX_FD_LENGTH = 64;

    private static final byte[] FD_LENGTH_BY_DLC = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};
    private static final byte[] FD_DLC_BY_LENGTH = new byte[MAX_FD_LENGTH + 1];

    static
    {
        // every length maps to the smallest DLC that can carry it (the kernel's can_fd_len2dlc)
        int dlc = 0;
        for (int length = 0; length <= MAX_FD_LENGTH; length++)
        {
            while (FD_LENGTH_BY_DLC[dlc] < length)
            {
                dlc++;
            }
            FD_DLC_BY_LENGTH[length] = (byte)dlc;
        }
    }

    private Dlc()
    {
    }

    /** Payload length of a CAN FD frame with this DLC (0..15). */
    public static int fdLength(final int dlc)
    {
        if (dlc < 0 || dlc > 15)
        {
            throw new IllegalArgumentException("DLC " + dlc + " is outside 0..15");
        }
        return FD_LENGTH_BY_DLC[dlc];
    }

    /** The smallest DLC whose CAN FD length holds {@code length} bytes (0..64). */
    public static int fdDlc(final int length)
    {
        if (length < 0 || length > MAX_FD_LENGTH)
        {
            throw new IllegalArgumentException("length " + length + " is outside 0..64");
        }
        return FD_DLC_BY_LENGTH[length];
    }

    /** Whether a CAN FD frame can carry exactly {@code length} bytes: 0..8, 12, 16, 20, 24, 32, 48, 64. */
    public static boolean isFdLength(final int length)
    {
        return length >= 0 && length <= MAX_FD_LENGTH && FD_LENGTH_BY_DLC[FD_DLC_BY_LENGTH[length]] == length;
    }

    /** The next valid CAN FD length at or above {@code length}: what ISO-TP pads an FD frame to. */
    public static int fdRoundUp(final int length)
    {
        return FD_LENGTH_BY_DLC[fdDlc(length)];
    }
}
