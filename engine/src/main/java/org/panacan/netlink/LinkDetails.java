package org.panacan.netlink;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A CAN network interface as the kernel describes it in an {@code RTM_NEWLINK} message: what
 * {@code ip -details -statistics link show can0} prints.
 *
 * @param name          the interface name
 * @param index         the kernel interface index
 * @param kind          the link type ({@code IFLA_INFO_KIND}): {@code "can"} for a controller, {@code "vcan"},
 *                      {@code "vxcan"}; empty when the driver does not say
 * @param up            administratively up ({@code IFF_UP})
 * @param running       operationally up ({@code IFF_RUNNING})
 * @param operState     the RFC 2863 operational state
 * @param mtu           16 for classic CAN, 72 for CAN FD
 * @param txQueueLength the transmit queue length in frames ({@code txqueuelen})
 * @param peerIndex     for one end of a vxcan pair, the other end's index ({@code IFLA_LINK})
 * @param statistics    the frame counters, when reported
 * @param controller    the CAN controller's configuration and state; empty for vcan and vxcan
 */
public record LinkDetails(
    String name,
    int index,
    String kind,
    boolean up,
    boolean running,
    OperState operState,
    int mtu,
    int txQueueLength,
    OptionalInt peerIndex,
    Optional<LinkStatistics> statistics,
    Optional<CanController> controller)
{
    /** The MTU of a CAN FD link ({@code CANFD_MTU}). */
    public static final int CANFD_MTU = 72;
    /** The MTU of a classic CAN link ({@code CAN_MTU}). */
    public static final int CAN_MTU = 16;

    public LinkDetails
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operState, "operState");
    }

    /** Whether the link carries CAN FD frames (its MTU is {@value #CANFD_MTU}). */
    public boolean isFd()
    {
        return mtu == CANFD_MTU;
    }
}
