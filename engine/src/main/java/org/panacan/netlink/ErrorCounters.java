package org.panacan.netlink;

/**
 * A controller's bus error counters ({@code struct can_berr_counter}): {@code berr-counter tx 0 rx 0} in
 * {@code ip -details link show}.
 *
 * @param transmit transmit error counter (TEC)
 * @param receive  receive error counter (REC)
 */
public record ErrorCounters(int transmit, int receive)
{
}
