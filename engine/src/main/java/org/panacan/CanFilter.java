package org.panacan;

/**
 * A kernel receive filter ({@code struct can_filter}): a frame passes when
 * {@code received_can_id & mask == id & mask}, or, for an {@linkplain #inverted() inverted} filter, when it does
 * not. Filters are evaluated in the kernel: a frame that no filter passes never reaches user space.
 *
 * <p>{@link #standard} and {@link #extended} filters also match the frame format (the EFF bit), as python-can does
 * with {@code "extended"} given; {@link #raw} gives full control over the kernel words, flag bits included.
 *
 * @param canId   the kernel {@code can_id} word, flag bits included
 * @param canMask the kernel {@code can_mask} word, flag bits included
 */
public record CanFilter(int canId, int canMask)
{
    /** {@code CAN_INV_FILTER}: set in {@code can_id}, inverts the filter. */
    public static final int INVERT_BIT = 0x2000_0000;
    private static final int CAN_EFF_FLAG = 0x8000_0000;
    private static final int CAN_RTR_FLAG = 0x4000_0000;

    /** Passes 11-bit frames whose id matches {@code id} under {@code mask}. */
    public static CanFilter standard(final int id, final int mask)
    {
        FrameRules.checkId(id, 0);
        return new CanFilter(id, (mask & FrameRules.MAX_STANDARD_ID) | CAN_EFF_FLAG);
    }

    /** Passes 29-bit frames whose id matches {@code id} under {@code mask}. */
    public static CanFilter extended(final int id, final int mask)
    {
        FrameRules.checkId(id, FrameFlags.EXTENDED);
        return new CanFilter(id | CAN_EFF_FLAG, (mask & FrameRules.MAX_EXTENDED_ID) | CAN_EFF_FLAG);
    }

    /** Passes frames of either format whose id bits match {@code id} under {@code mask}. */
    public static CanFilter anyFormat(final int id, final int mask)
    {
        return new CanFilter(id & FrameRules.MAX_EXTENDED_ID, mask & FrameRules.MAX_EXTENDED_ID);
    }

    /** The kernel words as given, for filters on the RTR bit or other flag combinations. */
    public static CanFilter raw(final int canId, final int canMask)
    {
        return new CanFilter(canId, canMask);
    }

    /** Passes every frame (the kernel's default filter). */
    public static CanFilter all()
    {
        return new CanFilter(0, 0);
    }

    /** This filter, additionally requiring the RTR bit to be {@code remote}. */
    public CanFilter remote(final boolean remote)
    {
        return new CanFilter(remote ? canId | CAN_RTR_FLAG : canId & ~CAN_RTR_FLAG, canMask | CAN_RTR_FLAG);
    }

    /** The inverse: passes what this filter rejects ({@code CAN_INV_FILTER}). */
    public CanFilter inverted()
    {
        return new CanFilter(canId ^ INVERT_BIT, canMask);
    }

    public boolean isInverted()
    {
        return (canId & INVERT_BIT) != 0;
    }

    /**
     * Evaluates the filter on a received data or remote frame's {@code can_id} word exactly as the kernel's
     * {@code can_rcv_list_find} normalises it (for the virtual bus, which has no kernel).
     */
    public boolean matches(final int receivedCanId)
    {
        final int id = canId & ~INVERT_BIT;
        int mask = canMask & ~INVERT_BIT;
        if ((mask & CAN_EFF_FLAG) != 0 && (id & CAN_EFF_FLAG) == 0)
        {
            mask &= FrameRules.MAX_STANDARD_ID | CAN_EFF_FLAG | CAN_RTR_FLAG; // "SFF only" filter
        }
        final boolean match = ((receivedCanId ^ id) & mask) == 0;
        return match != isInverted();
    }

    @Override
    public String toString()
    {
        return String.format("%08X%s%08X", canId & ~INVERT_BIT, isInverted() ? "~" : ":", canMask);
    }
}
