/**
 * CAN network interfaces controlled through rtnetlink from Java, as {@code ip link} does, without an {@code ip}
 * process: {@link org.panacan.netlink.CanInterfaces} lists CAN links and creates or deletes vcan interfaces and vxcan
 * pairs; a {@link org.panacan.netlink.CanLink} is brought up or down, gets an MTU, bit timing, data bit timing,
 * restart delay, termination and controller modes ({@link org.panacan.netlink.ControllerSettings}), or restarts
 * after bus-off; {@link org.panacan.netlink.LinkDetails} is what {@code ip -details -statistics link show} prints.
 *
 * <table>
 * <caption>ip link and its equivalent</caption>
 * <tr><th>ip</th><th>panacan</th></tr>
 * <tr><td>{@code ip -details link show can0}</td><td>{@code interfaces.link("can0").details()}</td></tr>
 * <tr><td>{@code ip link set can0 type can bitrate 500000}</td><td>{@code can0.setBitrate(500_000)}</td></tr>
 * <tr><td>{@code ip link set can0 type can restart-ms 100}</td><td>{@code can0.setRestartMs(100)}</td></tr>
 * <tr><td>{@code ip link set can0 type can restart}</td><td>{@code can0.restart()}</td></tr>
 * <tr><td>{@code ip link set can0 up}</td><td>{@code can0.up()}</td></tr>
 * <tr><td>{@code ip link add vcan9 type vcan}</td><td>{@code interfaces.createVcan("vcan9")}</td></tr>
 * <tr><td>{@code ip link add a type vxcan peer name b}</td><td>{@code interfaces.createVxcan("a", "b")}</td></tr>
 * <tr><td>{@code ip link set vcan9 mtu 72}</td><td>{@code vcan9.setMtu(72)}</td></tr>
 * <tr><td>{@code ip link delete vcan9}</td><td>{@code vcan9.delete()}</td></tr>
 * </table>
 *
 * The requests are byte for byte those of iproute2 6.1. The socket is the only native resource
 * ({@link org.panacan.sys.NetlinkSocket}); the message arithmetic of {@code NLMSG_*} and {@code RTA_*} is in
 * {@code NetlinkWriter} and {@code Attributes}.
 */
package org.panacan.netlink;
