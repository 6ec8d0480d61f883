package org.panacan;

/**
 * Read access to a CAN or CAN FD frame, shared by the immutable {@link CanFrame} and the flyweight
 * {@link FrameView} that lends a ring slot without copying it.
 */
public interface ReadableFrame
{
    /** The identifier without flag bits: 11 bits, or 29 bits when {@link #isExtended()}. */
    int id();

    /** The {@link FrameFlags} bits: wire flags in the low byte, receive metadata above it. */
    int flags();

    /** Payload length in bytes (for a remote frame: the requested length). */
    int length();

    /** The payload byte at {@code index} (0 ≤ index &lt; {@link #length()}). */
    byte data(int index);

    /** Copies the payload into {@code dst} at {@code offset}; returns the number of bytes copied. */
    int copyData(byte[] dst, int offset);

    /** Copies the payload into native memory; returns the number of bytes copied. No allocation. */
    int copyData(java.lang.foreign.MemorySegment dst, long offset);

    /** Raw classic DLC 9..15 sent for an 8-byte payload, or 0 when the DLC equals the length. */
    int len8Dlc();

    /** Receive timestamp in nanoseconds since the epoch, or 0 when there is none. */
    long timestampNanos();

    /** Where {@link #timestampNanos()} came from. */
    TimestampSource timestampSource();

    /** The interface the frame was received on (kernel ifindex), or 0 when unknown. */
    int interfaceIndex();

    default boolean isExtended()
    {
        return (flags() & FrameFlags.EXTENDED) != 0;
    }

    default boolean isRemote()
    {
        return (flags() & FrameFlags.REMOTE) != 0;
    }

    default boolean isError()
    {
        return (flags() & FrameFlags.ERROR) != 0;
    }

    default boolean isFd()
    {
        return (flags() & FrameFlags.FD) != 0;
    }

    default boolean isBitRateSwitch()
    {
        return (flags() & FrameFlags.BRS) != 0;
    }

    default boolean isErrorStateIndicator()
    {
        return (flags() & FrameFlags.ESI) != 0;
    }

    /** Whether the frame was sent from this host (by any socket), as the kernel reports it. */
    default boolean isLocalOrigin()
    {
        return (flags() & FrameFlags.LOCAL) != 0;
    }

    /** {@link Direction#TRANSMITTED} for the echo of this bus's own frame, else {@link Direction#RECEIVED}. */
    default Direction direction()
    {
        return (flags() & FrameFlags.ECHO) != 0 ? Direction.TRANSMITTED : Direction.RECEIVED;
    }

    /** The DLC on the wire: the length code, or the raw {@link #len8Dlc()} when one was sent. */
    default int dlc()
    {
        final int len8Dlc = len8Dlc();
        if (len8Dlc != 0)
        {
            return len8Dlc;
        }
        return isFd() ? Dlc.fdDlc(length()) : length();
    }

    /** The payload as a new array (allocates; for convenience paths). */
    default byte[] dataCopy()
    {
        final byte[] copy = new byte[isRemote() ? 0 : length()];
        copyData(copy, 0);
        return copy;
    }
}
