package org.panacan.netlink;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel reports about a CAN controller (a link of kind {@code "can"}): the {@code can ...} lines of
 * {@code ip -details -statistics link show can0}. vcan and vxcan links have no controller.
 *
 * @param state              the controller state
 * @param bitTiming          the nominal (arbitration) bit timing, once a bit rate was set
 * @param bitTimingConst     the limits of the nominal bit timing registers, when the driver computes timings
 * @param dataBitTiming      the CAN FD data phase bit timing, once a data bit rate was set
 * @param dataBitTimingConst the limits of the data bit timing registers
 * @param clockFrequency     the controller's clock in Hz, 0 when not reported
 * @param modes              the enabled controller modes
 * @param supportedModes     the modes the driver supports; empty when the kernel does not report them
 * @param restartMs          delay of the automatic restart after bus-off in ms; 0: restart manually
 * @param errorCounters      the error counters, when the driver can read them
 * @param bitrateMax         the highest bit rate the transceiver allows, 0 when not reported
 * @param termination        the bus termination in ohms, 0 when off or not switchable
 * @param statistics         the driver's error statistics, when reported
 */
public record CanController(
    ControllerState state,
    Optional<BitTiming> bitTiming,
    Optional<BitTimingConst> bitTimingConst,
    Optional<BitTiming> dataBitTiming,
    Optional<BitTimingConst> dataBitTimingConst,
    int clockFrequency,
    Set<CtrlMode> modes,
    Set<CtrlMode> supportedModes,
    int restartMs,
    Optional<ErrorCounters> errorCounters,
    int bitrateMax,
    int termination,
    Optional<DeviceStatistics> statistics)
{
    public CanController
    {
        Objects.requireNonNull(state, "state");
        modes = Set.copyOf(modes);
        supportedModes = Set.copyOf(supportedModes);
    }

    /** The nominal bit rate, 0 when none was set. */
    public int bitrate()
    {
        return bitTiming.map(BitTiming::bitrate).orElse(0);
    }

    /** The CAN FD data bit rate, 0 when none was set. */
    public int dataBitrate()
    {
        return dataBitTiming.map(BitTiming::bitrate).orElse(0);
    }

    /** Whether mode {@code mode} is on. */
    public boolean has(final CtrlMode mode)
    {
        return modes.contains(mode);
    }
}
