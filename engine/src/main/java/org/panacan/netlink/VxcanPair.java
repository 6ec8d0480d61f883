package org.panacan.netlink;

/**
 * The two ends of a vxcan tunnel: a frame sent on one is received on the other, like two vcan interfaces joined by
 * a cable (and, unlike one vcan, each end can be moved into its own network namespace).
 *
 * @param first the end created by name
 * @param peer  the other end
 */
public record VxcanPair(CanLink first, CanLink peer)
{
}
