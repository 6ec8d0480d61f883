package org.panacan.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.panacan.BusClosedException;
import org.panacan.CanException;
import org.panacan.NoSuchInterfaceException;
import org.panacan.sys.Errno;
import org.panacan.sys.Syscalls;

/**
 * CAN network interfaces, controlled through rtnetlink from Java: what {@code ip link} does for CAN, without an
 * {@code ip} process. Lists CAN links, reads their details ({@code ip -details -statistics link show}), creates and
 * deletes vcan interfaces and vxcan pairs; {@link #link(String)} gives a handle to bring one up or down, set its
 * MTU, bit timing, restart delay and controller modes, or restart it after bus-off.
 *
 * <pre>{@code
 * try (CanInterfaces interfaces = CanInterfaces.open())
 * {
 *     CanLink can0 = interfaces.link("can0");
 *     can0.down();
 *     can0.configure(ControllerSettings.builder().bitrate(500_000, 0.875).restartMs(100).build());
 *     can0.up();
 *     System.out.println(can0.details().controller().orElseThrow().state());
 * }
 * }</pre>
 *
 * Reading needs no privilege; every change needs {@code CAP_NET_ADMIN}, and without it fails with a
 * {@link CanException} whose errno is {@code EPERM} and whose message says so. Every refusal names the request
 * and the interface, with the kernel's own explanation where it gives one, e.g.
 * {@code RTM_NEWLINK(vcan0): EOPNOTSUPP (Operation not supported): only CAN controllers ...}.
 *
 * <p>Thread-safe: requests on one instance take turns on its one netlink socket. {@link #close()} releases the
 * socket; later calls throw {@link BusClosedException}.
 */
public final class CanInterfaces implements AutoCloseable
{
    /** Device kinds, as {@code IFLA_INFO_KIND} names them. */
    public static final String VCAN = "vcan";
    public static final String VXCAN = "vxcan";
    public static final String CAN = "can";

    private static final int MAX_NAME_LENGTH = 15;
    private static final int DUMP_ATTEMPTS = 5;

    private static final IntFunction<String> CONTROLLER_HINTS = errno -> switch (errno)
    {
        case Errno.EOPNOTSUPP -> "only CAN controllers (link kind 'can') take bit timing, restart-ms, termination "
            + "and controller modes, and only the modes their driver supports; vcan and vxcan take none";
        case Errno.EBUSY -> "the controller takes bit timing only while the interface is down";
        default -> null;
    };
    private static final IntFunction<String> RESTART_HINTS = errno -> switch (errno)
    {
        case Errno.EOPNOTSUPP -> "only CAN controllers (link kind 'can') restart; vcan and vxcan do not";
        case Errno.EBUSY -> "the controller is not bus-off, so there is nothing to restart";
        case Errno.EINVAL -> "the interface is down; a restart needs it up";
        default -> null;
    };
    private static final IntFunction<String> MTU_HINTS = errno -> switch (errno)
    {
        case Errno.EINVAL -> "CAN links take MTU 16 (classic CAN) or 72 (CAN FD, if the device supports it)";
        case Errno.EBUSY -> "the MTU of a CAN link changes only while it is down";
        default -> null;
    };
    private static final IntFunction<String> DELETE_HINTS = errno -> errno == Errno.EOPNOTSUPP
        ? "only virtual links (vcan, vxcan) can be deleted" : null;

    private final ReentrantLock lock = new ReentrantLock();
    private final Rtnetlink rtnetlink;
    private boolean closed;

    private CanInterfaces(final Rtnetlink rtnetlink)
    {
        this.rtnetlink = rtnetlink;
    }

    /** Opens a rtnetlink socket. */
    public static CanInterfaces open() throws CanException
    {
        return new CanInterfaces(new Rtnetlink());
    }

    /** A handle on the interface {@code name}; whether it exists shows at its first use. */
    public CanLink link(final String name)
    {
        return new CanLink(this, checkName(name));
    }

    /** Every CAN interface ({@code ARPHRD_CAN}: controllers, vcan, vxcan, slcan …), ordered by index. */
    public List<LinkDetails> list() throws CanException
    {
        lock.lock();
        try
        {
            ensureOpen();
            for (int attempt = 1; ; attempt++)
            {
                final List<LinkDetails> links = new ArrayList<>();
                LinkRequests.dump(rtnetlink.request());
                final boolean consistent = rtnetlink.execute("RTM_GETLINK", "every link", null,
                    (reply, offset, length) ->
                    {
                        if (LinkParser.deviceType(reply, offset) == LinkParser.ARPHRD_CAN)
                        {
                            links.add(LinkParser.parse(reply, offset, length));
                        }
                    });
                if (consistent || attempt == DUMP_ATTEMPTS)
                {
                    return links;
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The details of the interface {@code name}, CAN or not.
     *
     * @throws NoSuchInterfaceException when there is none
     */
    public LinkDetails details(final String name) throws CanException
    {
        checkName(name);
        lock.lock();
        try
        {
            ensureOpen();
            final LinkDetails[] found = new LinkDetails[1];
            LinkRequests.get(rtnetlink.request(), name);
            rtnetlink.execute("RTM_GETLINK", name, null,
                (reply, offset, length) -> found[0] = LinkParser.parse(reply, offset, length));
            if (found[0] == null)
            {
                throw new CanException("RTM_GETLINK(" + name + "): the kernel acknowledged without describing it");
            }
            return found[0];
        }
        finally
        {
            lock.unlock();
        }
    }

    /** The details of the interface {@code name}, or empty when there is none. */
    public Optional<LinkDetails> find(final String name) throws CanException
    {
        try
        {
            return Optional.of(details(name));
        }
        catch (final NoSuchInterfaceException ex)
        {
            return Optional.empty();
        }
    }

    /** Whether an interface named {@code name} exists. */
    public boolean exists(final String name) throws CanException
    {
        return find(name).isPresent();
    }

    /**
     * Creates a vcan interface ({@code ip link add <name> type vcan}): down, with the classic CAN MTU. Bring it
     * {@link CanLink#up() up}, after {@link CanLink#setMtu setMtu(72)} for CAN FD.
     *
     * @throws CanException EEXIST when the name is taken, EOPNOTSUPP without the vcan module, EPERM without
     *                      CAP_NET_ADMIN
     */
    public CanLink createVcan(final String name) throws CanException
    {
        checkName(name);
        lock.lock();
        try
        {
            ensureOpen();
            LinkRequests.create(rtnetlink.request(), name, VCAN);
            rtnetlink.execute("RTM_NEWLINK", name, errno -> createHint(errno, VCAN), null);
            return new CanLink(this, name);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Creates a vxcan pair ({@code ip link add <name> type vxcan peer name <peerName>}): two interfaces, down,
     * where what one sends the other receives.
     */
    public VxcanPair createVxcan(final String name, final String peerName) throws CanException
    {
        checkName(name);
        checkName(peerName);
        if (name.equals(peerName))
        {
            throw new IllegalArgumentException("a vxcan pair needs two names, not '" + name + "' twice");
        }
        lock.lock();
        try
        {
            ensureOpen();
            LinkRequests.createVxcan(rtnetlink.request(), name, peerName);
            rtnetlink.execute("RTM_NEWLINK", name + " <-> " + peerName, errno -> createHint(errno, VXCAN), null);
            return new VxcanPair(new CanLink(this, name), new CanLink(this, peerName));
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Deletes the interface {@code name} ({@code ip link delete}); a vxcan pair goes with either end. */
    public void delete(final String name) throws CanException
    {
        checkName(name);
        lock.lock();
        try
        {
            ensureOpen();
            LinkRequests.delete(rtnetlink.request(), Syscalls.interfaceIndex(name));
            rtnetlink.execute("RTM_DELLINK", name, DELETE_HINTS, null);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Releases the netlink socket. Idempotent. */
    @Override
    public void close()
    {
        lock.lock();
        try
        {
            if (!closed)
            {
                closed = true;
                rtnetlink.close();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------- for CanLink

    void setUp(final String name, final boolean up) throws CanException
    {
        modify(name, null, index -> LinkRequests.setUp(rtnetlink.request(), index, up));
    }

    void setMtu(final String name, final int mtu) throws CanException
    {
        if (mtu <= 0)
        {
            throw new IllegalArgumentException("MTU " + mtu + " must be positive (16: classic CAN, 72: CAN FD)");
        }
        modify(name, MTU_HINTS, index -> LinkRequests.setMtu(rtnetlink.request(), index, mtu));
    }

    void configure(final String name, final ControllerSettings settings) throws CanException
    {
        Objects.requireNonNull(settings, "settings");
        modify(name, CONTROLLER_HINTS, index -> LinkRequests.configure(rtnetlink.request(), index, settings));
    }

    void restart(final String name) throws CanException
    {
        modify(name, RESTART_HINTS, index -> LinkRequests.restart(rtnetlink.request(), index));
    }

    /** Resolves {@code name}, writes the request for its index and sends it as an RTM_NEWLINK. */
    private void modify(final String name, final IntFunction<String> hints, final IntConsumer write)
        throws CanException
    {
        lock.lock();
        try
        {
            ensureOpen();
            write.accept(Syscalls.interfaceIndex(name));
            rtnetlink.execute("RTM_NEWLINK", name, hints, null);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void ensureOpen() throws BusClosedException
    {
        if (closed)
        {
            throw new BusClosedException("rtnetlink socket");
        }
    }

    private static String createHint(final int errno, final String kind)
    {
        return switch (errno)
        {
            case Errno.EEXIST -> "an interface with this name exists already";
            case Errno.EOPNOTSUPP -> "this kernel has no '" + kind + "' link type (modprobe " + kind + ")";
            default -> null;
        };
    }

    /** The kernel's {@code dev_valid_name}: 1 to 15 characters, not "." or "..", no '/', ':' or white space. */
    static String checkName(final String name)
    {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.equals(".")
            || name.equals(".."))
        {
            throw new IllegalArgumentException("interface name '" + name + "' must have 1.." + MAX_NAME_LENGTH
                + " characters and not be '.' or '..'");
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7E)
            {
                throw new IllegalArgumentException("interface name '" + name + "' has '" + c + "' at " + i
                    + ": only printable ASCII without '/', ':' and white space");
            }
        }
        return name;
    }
}
