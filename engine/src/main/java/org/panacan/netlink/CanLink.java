package org.panacan.netlink;

import java.util.Optional;

import org.panacan.CanException;

/**
 * One CAN network interface, by name: {@code ip link set <name> ...} as methods. A handle, not a resource: it holds
 * no descriptor of its own and works through the {@link CanInterfaces} that made it (and fails once that is closed).
 * Every call asks the kernel anew; an interface that does not exist (any more) gives a
 * {@link org.panacan.NoSuchInterfaceException}.
 *
 * <p>The controller settings ({@link #configure}, {@link #setBitrate}, {@link #restart} …) exist only on real CAN
 * controllers; vcan and vxcan refuse them with {@code EOPNOTSUPP}.
 */
public final class CanLink
{
    private final CanInterfaces interfaces;
    private final String name;

    CanLink(final CanInterfaces interfaces, final String name)
    {
        this.interfaces = interfaces;
        this.name = name;
    }

    /** The interface name. */
    public String name()
    {
        return name;
    }

    /** What the kernel reports about this interface now ({@code ip -details -statistics link show}). */
    public LinkDetails details() throws CanException
    {
        return interfaces.details(name);
    }

    /** Whether the interface is administratively up. */
    public boolean isUp() throws CanException
    {
        return details().up();
    }

    /** {@code ip link set <name> up}. */
    public void up() throws CanException
    {
        interfaces.setUp(name, true);
    }

    /** {@code ip link set <name> down}. */
    public void down() throws CanException
    {
        interfaces.setUp(name, false);
    }

    /**
     * {@code ip link set <name> mtu <mtu>}: {@link LinkDetails#CANFD_MTU} (72) makes a vcan or vxcan carry CAN FD
     * frames, {@link LinkDetails#CAN_MTU} (16) classic ones only. The interface must be down.
     */
    public void setMtu(final int mtu) throws CanException
    {
        interfaces.setMtu(name, mtu);
    }

    /** {@code ip link set <name> type can ...}: applies every setting in one request. */
    public void configure(final ControllerSettings settings) throws CanException
    {
        interfaces.configure(name, settings);
    }

    /** {@code ip link set <name> type can bitrate <bitrate>}; the kernel picks the sample point. */
    public void setBitrate(final int bitrate) throws CanException
    {
        configure(ControllerSettings.builder().bitrate(bitrate).build());
    }

    /** {@code ip link set <name> type can bitrate <bitrate> sample-point <samplePoint>}. */
    public void setBitrate(final int bitrate, final double samplePoint) throws CanException
    {
        configure(ControllerSettings.builder().bitrate(bitrate, samplePoint).build());
    }

    /** {@code ip link set <name> type can dbitrate <bitrate> fd on}: the CAN FD data phase rate, FD on. */
    public void setDataBitrate(final int bitrate) throws CanException
    {
        configure(ControllerSettings.builder().dataBitrate(bitrate).mode(CtrlMode.FD, true).build());
    }

    /** {@code ip link set <name> type can restart-ms <restartMs>}; 0 turns the automatic restart off. */
    public void setRestartMs(final int restartMs) throws CanException
    {
        configure(ControllerSettings.builder().restartMs(restartMs).build());
    }

    /** {@code ip link set <name> type can <mode> on|off}. */
    public void setMode(final CtrlMode mode, final boolean on) throws CanException
    {
        configure(ControllerSettings.builder().mode(mode, on).build());
    }

    /** {@code ip link set <name> type can restart}: leaves bus-off now (the interface must be up and bus-off). */
    public void restart() throws CanException
    {
        interfaces.restart(name);
    }

    /** The controller's state; empty for an interface without a controller (vcan, vxcan). */
    public Optional<ControllerState> state() throws CanException
    {
        return details().controller().map(CanController::state);
    }

    /** The controller's error counters; empty when there is no controller or its driver cannot read them. */
    public Optional<ErrorCounters> errorCounters() throws CanException
    {
        return details().controller().flatMap(CanController::errorCounters);
    }

    /** {@code ip link delete <name>}: for vcan and vxcan (either end removes the pair). */
    public void delete() throws CanException
    {
        interfaces.delete(name);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof CanLink link && link.interfaces == interfaces && link.name.equals(name);
    }

    @Override
    public int hashCode()
    {
        return name.hashCode();
    }

    @Override
    public String toString()
    {
        return "CanLink[" + name + "]";
    }
}
