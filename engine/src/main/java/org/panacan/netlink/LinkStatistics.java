package org.panacan.netlink;

/**
 * A link's packet counters ({@code struct rtnl_link_stats64}, {@code IFLA_STATS64}); on a CAN link a packet is a
 * frame.
 *
 * @param rxPackets frames received
 * @param txPackets frames sent
 * @param rxBytes   payload bytes received
 * @param txBytes   payload bytes sent
 * @param rxErrors  receive errors
 * @param txErrors  transmit errors
 * @param rxDropped frames dropped on receive
 * @param txDropped frames dropped on transmit
 */
public record LinkStatistics(
    long rxPackets, long txPackets, long rxBytes, long txBytes, long rxErrors, long txErrors, long rxDropped,
    long txDropped)
{
}
