package org.panacan.netlink;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Changes to a CAN controller's configuration, sent in one request: what
 * {@code ip link set can0 type can bitrate 500000 sample-point 0.875 dbitrate 2000000 fd on restart-ms 100} does.
 * Only what was set is sent; the rest stays as it is. Most controllers take bit timing changes only while the
 * interface is down (the kernel answers {@code EBUSY} otherwise).
 *
 * <pre>{@code
 * ControllerSettings.builder().bitrate(500_000, 0.875).dataBitrate(2_000_000).mode(CtrlMode.FD, true).build()
 * }</pre>
 *
 * @param bitTiming     the nominal bit timing: a bit rate (and sample point), or segments
 * @param dataBitTiming the CAN FD data phase bit timing
 * @param restartMs     the automatic restart delay after bus-off; 0 turns automatic restart off
 * @param modes         controller modes to switch on ({@code true}) or off ({@code false}); others stay
 * @param termination   the bus termination in ohms (0: off), for controllers with switchable termination
 */
public record ControllerSettings(
    Optional<BitTiming> bitTiming,
    Optional<BitTiming> dataBitTiming,
    OptionalInt restartMs,
    Map<CtrlMode, Boolean> modes,
    OptionalInt termination)
{
    public ControllerSettings
    {
        modes = Map.copyOf(modes);
        if (bitTiming.isEmpty() && dataBitTiming.isEmpty() && restartMs.isEmpty() && modes.isEmpty()
            && termination.isEmpty())
        {
            throw new IllegalArgumentException("no controller setting given");
        }
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** The {@code can_ctrlmode.mask}: every mode this request switches. */
    public int modeMask()
    {
        return CtrlMode.bits(modes.keySet());
    }

    /** The {@code can_ctrlmode.flags}: the modes this request switches on. */
    public int modeFlags()
    {
        int flags = 0;
        for (final Map.Entry<CtrlMode, Boolean> mode : modes.entrySet())
        {
            flags |= mode.getValue() ? mode.getKey().bit() : 0;
        }
        return flags;
    }

    /** Collects settings; every setter validates its argument, {@link #build()} that something was set. */
    public static final class Builder
    {
        private BitTiming bitTiming;
        private BitTiming dataBitTiming;
        private Integer restartMs;
        private final EnumMap<CtrlMode, Boolean> modes = new EnumMap<>(CtrlMode.class);
        private Integer termination;

        private Builder()
        {
        }

        /** {@code bitrate N}: the kernel picks the sample point (CiA's recommendation). */
        public Builder bitrate(final int bitrate)
        {
            this.bitTiming = fromBitrate("bit rate", bitrate, 0);
            return this;
        }

        /** {@code bitrate N sample-point 0.875}. */
        public Builder bitrate(final int bitrate, final double samplePoint)
        {
            this.bitTiming = fromBitrate("bit rate", bitrate, permille("sample point", samplePoint));
            return this;
        }

        /** An explicit nominal timing, e.g. {@link BitTiming#segments}. */
        public Builder bitTiming(final BitTiming timing)
        {
            this.bitTiming = Objects.requireNonNull(timing, "timing");
            return this;
        }

        /** {@code dbitrate N}: the CAN FD data phase bit rate. */
        public Builder dataBitrate(final int bitrate)
        {
            this.dataBitTiming = fromBitrate("data bit rate", bitrate, 0);
            return this;
        }

        /** {@code dbitrate N dsample-point 0.75}. */
        public Builder dataBitrate(final int bitrate, final double samplePoint)
        {
            this.dataBitTiming = fromBitrate("data bit rate", bitrate, permille("data sample point", samplePoint));
            return this;
        }

        /** An explicit data phase timing. */
        public Builder dataBitTiming(final BitTiming timing)
        {
            this.dataBitTiming = Objects.requireNonNull(timing, "timing");
            return this;
        }

        /** {@code restart-ms N}: restart automatically N ms after bus-off; 0 leaves restarting to the user. */
        public Builder restartMs(final int restartMs)
        {
            if (restartMs < 0)
            {
                throw new IllegalArgumentException("restart-ms " + restartMs + " is negative");
            }
            this.restartMs = restartMs;
            return this;
        }

        /** {@code <mode> on|off}. */
        public Builder mode(final CtrlMode mode, final boolean on)
        {
            modes.put(Objects.requireNonNull(mode, "mode"), on);
            return this;
        }

        /** {@code termination N}: N ohms, 0 for off. */
        public Builder termination(final int ohms)
        {
            if (ohms < 0 || ohms > 0xFFFF)
            {
                throw new IllegalArgumentException("termination " + ohms + " ohm is outside 0..65535");
            }
            this.termination = ohms;
            return this;
        }

        public ControllerSettings build()
        {
            return new ControllerSettings(Optional.ofNullable(bitTiming), Optional.ofNullable(dataBitTiming),
                restartMs == null ? OptionalInt.empty() : OptionalInt.of(restartMs), modes,
                termination == null ? OptionalInt.empty() : OptionalInt.of(termination));
        }

        private static BitTiming fromBitrate(final String what, final int bitrate, final int samplePoint)
        {
            if (bitrate <= 0)
            {
                throw new IllegalArgumentException(what + " " + bitrate + " must be positive");
            }
            return new BitTiming(bitrate, samplePoint, 0, 0, 0, 0, 0, 0);
        }

        /** The kernel counts the sample point in tenths of a percent; iproute2 parses "0.875" to 875. */
        private static int permille(final String what, final double ratio)
        {
            if (!(ratio > 0 && ratio < 1))
            {
                throw new IllegalArgumentException(what + " " + ratio + " is outside (0, 1), e.g. 0.875");
            }
            return (int)Math.round(ratio * 1000);
        }
    }
}
