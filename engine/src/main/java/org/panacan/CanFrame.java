package org.panacan;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable CAN or CAN FD frame: what convenience APIs ({@link CanBus#recv}, logs, ISO-TP) hand around.
 *
 * <p>Receiving one allocates; the zero-allocation path is {@link CanBus#drain} with a {@link FrameView}.
 * Every factory validates through {@link FrameRules}, so a {@code CanFrame} that exists can be sent.
 */
public final class CanFrame implements ReadableFrame
{
    private static final byte[] NO_DATA = new byte[0];
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final int id;
    private final int flags;
    private final int length;
    private final int len8Dlc;
    private final byte[] data;
    private final long timestampNanos;
    private final TimestampSource timestampSource;
    private final int interfaceIndex;
    private final String interfaceName;

    private CanFrame(final Builder builder)
    {
        this.id = builder.id;
        this.flags = builder.flags;
        this.length = builder.length;
        this.len8Dlc = builder.len8Dlc;
        this.data = builder.data;
        this.timestampNanos = builder.timestampNanos;
        this.timestampSource = builder.timestampSource;
        this.interfaceIndex = builder.interfaceIndex;
        this.interfaceName = builder.interfaceName;
    }

    /** A classic data frame with an 11-bit id. */
    public static CanFrame of(final int id, final byte... data)
    {
        return builder().id(id).data(data).build();
    }

    /** A classic data frame with a 29-bit id. */
    public static CanFrame extended(final int id, final byte... data)
    {
        return builder().id(id).extended(true).data(data).build();
    }

    /** A CAN FD data frame (11-bit id unless {@code flags} has {@link FrameFlags#EXTENDED}). */
    public static CanFrame fd(final int id, final int flags, final byte... data)
    {
        return builder().id(id).flags(flags | FrameFlags.FD).data(data).build();
    }

    /** A classic remote frame requesting {@code length} bytes. */
    public static CanFrame remote(final int id, final boolean extended, final int length)
    {
        return builder().id(id).extended(extended).remote(length).build();
    }

    /** A builder for every other combination (len8_dlc, timestamps, interface). */
    public static Builder builder()
    {
        return new Builder();
    }

    /** A copy of any frame, typically a {@link FrameView} about to be recycled. Allocates. */
    public static CanFrame copyOf(final ReadableFrame frame)
    {
        if (frame instanceof CanFrame canFrame)
        {
            return canFrame;
        }
        final Builder builder = builder().id(frame.id()).flags(frame.flags()).len8Dlc(frame.len8Dlc())
            .timestamp(frame.timestampNanos(), frame.timestampSource()).interfaceIndex(frame.interfaceIndex());
        return frame.isRemote() ? builder.remote(frame.length()).build() : builder.data(frame.dataCopy()).build();
    }

    /** This frame on another interface (for replay remapping and sends on an any-interface bus). */
    public CanFrame withInterface(final int index, final String name)
    {
        return toBuilder().interfaceIndex(index).interfaceName(name).build();
    }

    /** A builder preset with every field of this frame. */
    public Builder toBuilder()
    {
        final Builder builder = builder().id(id).flags(flags).len8Dlc(len8Dlc)
            .timestamp(timestampNanos, timestampSource).interfaceIndex(interfaceIndex).interfaceName(interfaceName);
        return isRemote() ? builder.remote(length) : builder.data(data);
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public int flags()
    {
        return flags;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public byte data(final int index)
    {
        return data[Objects.checkIndex(index, data.length)];
    }

    @Override
    public int copyData(final byte[] dst, final int offset)
    {
        System.arraycopy(data, 0, dst, offset, data.length);
        return data.length;
    }

    @Override
    public int copyData(final MemorySegment dst, final long offset)
    {
        MemorySegment.copy(data, 0, dst, ValueLayout.JAVA_BYTE, offset, data.length);
        return data.length;
    }

    @Override
    public byte[] dataCopy()
    {
        return data.clone();
    }

    @Override
    public int len8Dlc()
    {
        return len8Dlc;
    }

    @Override
    public long timestampNanos()
    {
        return timestampNanos;
    }

    @Override
    public TimestampSource timestampSource()
    {
        return timestampSource;
    }

    @Override
    public int interfaceIndex()
    {
        return interfaceIndex;
    }

    /** The interface name when known (received on a named bus, read from a log), else {@code null}. */
    public String interfaceName()
    {
        return interfaceName;
    }

    /** Equal when the wire content is equal: id, wire flags, length, len8_dlc and data. Metadata is ignored. */
    @Override
    public boolean equals(final Object other)
    {
        return other instanceof CanFrame that
            && id == that.id
            && (flags & FrameFlags.WIRE_MASK) == (that.flags & FrameFlags.WIRE_MASK)
            && length == that.length
            && len8Dlc == that.len8Dlc
            && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * id + (flags & FrameFlags.WIRE_MASK)) + Arrays.hashCode(data);
    }

    /** cansend-like text: {@code 123#DEADBEEF}, {@code 12345678##1AB}, {@code 123#R2}, plus flags. */
    @Override
    public String toString()
    {
        final String idText = isExtended() ? String.format("%08X", id) : String.format("%03X", id);
        final String body;
        if (isRemote())
        {
            body = "#R" + length;
        }
        else if (isFd())
        {
            body = "##" + Integer.toHexString((flags >> 4) & 0x3).toUpperCase() + HEX.formatHex(data);
        }
        else
        {
            body = "#" + HEX.formatHex(data) + (len8Dlc != 0 ? "_" + Integer.toHexString(len8Dlc).toUpperCase() : "");
        }
        return idText + body + (isError() ? " (error)" : "") + ((flags & FrameFlags.ECHO) != 0 ? " (echo)" : "");
    }

    /** Collects and validates the fields of a {@link CanFrame}. */
    public static final class Builder
    {
        private int id;
        private int flags;
        private int length;
        private int len8Dlc;
        private byte[] data = NO_DATA;
        private long timestampNanos;
        private TimestampSource timestampSource = TimestampSource.NONE;
        private int interfaceIndex;
        private String interfaceName;

        private Builder()
        {
        }

        public Builder id(final int id)
        {
            this.id = id;
            return this;
        }

        /** Replaces all {@link FrameFlags} bits. */
        public Builder flags(final int flags)
        {
            this.flags = flags;
            return this;
        }

        public Builder extended(final boolean extended)
        {
            return bit(FrameFlags.EXTENDED, extended);
        }

        public Builder fd(final boolean fd)
        {
            return bit(FrameFlags.FD, fd);
        }

        public Builder bitRateSwitch(final boolean brs)
        {
            return bit(FrameFlags.BRS, brs);
        }

        public Builder errorStateIndicator(final boolean esi)
        {
            return bit(FrameFlags.ESI, esi);
        }

        public Builder error(final boolean error)
        {
            return bit(FrameFlags.ERROR, error);
        }

        /** The payload (copied). Clears the remote bit. */
        public Builder data(final byte... data)
        {
            this.data = data.length == 0 ? NO_DATA : data.clone();
            this.length = data.length;
            this.flags &= ~FrameFlags.REMOTE;
            return this;
        }

        /** Makes this a remote frame requesting {@code length} bytes. */
        public Builder remote(final int length)
        {
            this.data = NO_DATA;
            this.length = length;
            this.flags |= FrameFlags.REMOTE;
            return this;
        }

        /** Raw DLC 9..15 to send with an 8-byte classic payload, or 0. */
        public Builder len8Dlc(final int len8Dlc)
        {
            this.len8Dlc = len8Dlc;
            return this;
        }

        public Builder timestamp(final long nanos, final TimestampSource source)
        {
            this.timestampNanos = nanos;
            this.timestampSource = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder interfaceIndex(final int interfaceIndex)
        {
            this.interfaceIndex = interfaceIndex;
            return this;
        }

        public Builder interfaceName(final String interfaceName)
        {
            this.interfaceName = interfaceName;
            return this;
        }

        /** Validates with {@link FrameRules#check} and builds. */
        public CanFrame build()
        {
            if ((flags & FrameFlags.ERROR) == 0)
            {
                FrameRules.check(id, flags, length, len8Dlc);
            }
            return new CanFrame(this);
        }

        private Builder bit(final int bit, final boolean set)
        {
            flags = set ? flags | bit : flags & ~bit;
            return this;
        }
    }
}
