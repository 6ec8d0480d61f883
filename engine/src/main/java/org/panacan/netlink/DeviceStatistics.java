package org.panacan.netlink;

/**
 * What a CAN driver counted since it was loaded ({@code struct can_device_stats}, {@code IFLA_INFO_XSTATS}):
 * the {@code re-started bus-errors arbit-lost error-warn error-pass bus-off} line of
 * {@code ip -details -statistics link show}.
 *
 * @param busErrors       bus errors
 * @param errorWarning    changes to error-warning state
 * @param errorPassive    changes to error-passive state
 * @param busOff          changes to bus-off state
 * @param arbitrationLost lost arbitrations
 * @param restarts        controller restarts
 */
public record DeviceStatistics(
    int busErrors, int errorWarning, int errorPassive, int busOff, int arbitrationLost, int restarts)
{
}
