package org.panacan.junit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.NoSuchInterfaceException;
import org.panacan.junit.CanTestBus.Kind;
import org.panacan.netlink.CanInterfaces;
import org.panacan.netlink.CanLink;
import org.panacan.netlink.LinkDetails;

/**
 * The network a {@link CanTestBus} parameter is on: a vcan interface, a vxcan pair or a virtual bus channel, made
 * for a test and removed after it, together with every bus opened on it. Inject it to learn what the test got, or to
 * open more buses ({@link #open()}, {@link #openPeer()}); those are closed with the network.
 *
 * <p>Thread-safe.
 */
public final class CanTestNetwork
{
    private static final String PREFIX = "pct";

    private final Kind kind;
    private final boolean fd;
    private final String name;
    private final String peerName;
    private final CanInterfaces interfaces;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<CanBus> buses = new ArrayList<>();
    private boolean released;

    private CanTestNetwork(final Kind kind, final boolean fd, final String name, final String peerName,
        final CanInterfaces interfaces)
    {
        this.kind = kind;
        this.fd = fd;
        this.name = name;
        this.peerName = peerName;
        this.interfaces = interfaces;
    }

    /** A channel of the in-process virtual bus. */
    static CanTestNetwork virtual(final boolean fd)
    {
        return new CanTestNetwork(Kind.VIRTUAL, fd, "panacan-test-" + uniqueSuffix(), null, null);
    }

    /**
     * A fresh vcan interface, or vxcan pair, up, with the CAN FD MTU when {@code fd}. Whatever was created is
     * removed again when a step fails.
     */
    static CanTestNetwork kernel(final boolean vxcan, final boolean fd) throws CanException
    {
        final String name = PREFIX + uniqueSuffix();
        final String peerName = vxcan ? name + "p" : null;
        final CanInterfaces interfaces = CanInterfaces.open();
        try
        {
            if (vxcan)
            {
                interfaces.createVxcan(name, peerName);
            }
            else
            {
                interfaces.createVcan(name);
            }
        }
        catch (final CanException | RuntimeException ex)
        {
            interfaces.close();
            throw ex;
        }
        final CanTestNetwork network =
            new CanTestNetwork(vxcan ? Kind.VXCAN : Kind.VCAN, fd, name, peerName, interfaces);
        try
        {
            network.bringUp(interfaces.link(name));
            if (vxcan)
            {
                network.bringUp(interfaces.link(peerName));
            }
            return network;
        }
        catch (final CanException | RuntimeException ex)
        {
            network.release();
            throw ex;
        }
    }

    private void bringUp(final CanLink link) throws CanException
    {
        link.setMtu(fd ? LinkDetails.CANFD_MTU : LinkDetails.CAN_MTU);
        link.up();
    }

    /** What the network is: {@link Kind#VCAN}, {@link Kind#VXCAN} or {@link Kind#VIRTUAL}, never {@code AUTO}. */
    public Kind kind()
    {
        return kind;
    }

    /** Whether it is a kernel interface (vcan or vxcan) rather than the virtual bus. */
    public boolean isKernel()
    {
        return interfaces != null;
    }

    /** Whether it carries CAN FD frames. */
    public boolean fd()
    {
        return fd;
    }

    /** The interface name, or the virtual channel name. */
    public String name()
    {
        return name;
    }

    /** The name of the vxcan pair's other end; for a vcan or a virtual channel, which has one end, its name. */
    public String peerName()
    {
        return peerName != null ? peerName : name;
    }

    /** The configuration of a bus on this network, FD as the network; change it before {@link #open(BusConfig)}. */
    public BusConfig.Builder busConfig()
    {
        return config(name);
    }

    /** The configuration of a bus on the other end of a vxcan pair (this network itself otherwise). */
    public BusConfig.Builder peerBusConfig()
    {
        return config(peerName());
    }

    /** Opens a bus on this network; it is closed with the network. */
    public CanBus open() throws CanException
    {
        return open(busConfig().build());
    }

    /** Opens a bus on the other end of a vxcan pair (on this network otherwise); closed with the network. */
    public CanBus openPeer() throws CanException
    {
        return open(peerBusConfig().build());
    }

    /** Opens a bus as configured (see {@link #busConfig()}); it is closed with the network. */
    public CanBus open(final BusConfig config) throws CanException
    {
        lock.lock();
        try
        {
            if (released)
            {
                throw new IllegalStateException(this + " was removed after its test");
            }
            final CanBus bus = CanBus.open(config);
            buses.add(bus);
            return bus;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Closes every bus opened on the network, then deletes its interfaces. Idempotent. */
    void release() throws CanException
    {
        lock.lock();
        try
        {
            if (released)
            {
                return;
            }
            released = true;
            buses.forEach(CanBus::close);
            buses.clear();
            if (interfaces != null)
            {
                deleteInterface();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void deleteInterface() throws CanException
    {
        try (interfaces)
        {
            interfaces.delete(name); // a vxcan pair goes with either end
        }
        catch (final NoSuchInterfaceException gone)
        {
            // deleted by the test itself
        }
    }

    private BusConfig.Builder config(final String channel)
    {
        return (isKernel() ? BusConfig.socketCan(channel) : BusConfig.virtual(channel)).fd(fd);
    }

    private static String uniqueSuffix()
    {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @Override
    public String toString()
    {
        return switch (kind)
        {
            case VXCAN -> "vxcan pair " + name + " <-> " + peerName;
            case VCAN -> "vcan " + name;
            default -> "virtual channel " + name;
        } + (fd ? " (CAN FD)" : "");
    }
}
