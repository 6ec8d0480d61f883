package org.panacan.cli;

import java.util.function.UnaryOperator;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;

/** Opens buses by the names given on the command line: a SocketCAN interface, or {@code virtual:<channel>}. */
final class Buses
{
    /** The prefix that selects the in-process virtual bus. */
    static final String VIRTUAL_PREFIX = "virtual:";
    /** The kernel's limit on interface names ({@code IFNAMSIZ - 1}). */
    static final int MAX_INTERFACE_NAME = 15;

    private Buses()
    {
    }

    /** The configuration builder for {@code name}; fails on an impossible name before anything is opened. */
    static BusConfig.Builder config(final String name)
    {
        if (name.startsWith(VIRTUAL_PREFIX))
        {
            final String channel = name.substring(VIRTUAL_PREFIX.length());
            if (channel.isEmpty())
            {
                throw new IllegalArgumentException("virtual bus name '" + name + "' has no channel after ':'");
            }
            return BusConfig.virtual(channel);
        }
        if (name.isEmpty() || name.length() > MAX_INTERFACE_NAME || name.contains("/") || name.contains(","))
        {
            throw new IllegalArgumentException("'" + name + "' is not an interface name (1 to "
                + MAX_INTERFACE_NAME + " characters)");
        }
        return BusConfig.socketCan(name);
    }

    /** Opens {@code name} with CAN FD frames on (as can-utils tools do) and {@code customize} applied. */
    static CanBus open(final String name, final UnaryOperator<BusConfig.Builder> customize) throws CanException
    {
        return CanBus.open(customize.apply(config(name).fd(true)).build());
    }

    /** The name frames of {@code name} are shown with: the interface, or the virtual channel. */
    static String displayName(final String name)
    {
        return name.startsWith(VIRTUAL_PREFIX) ? name.substring(VIRTUAL_PREFIX.length()) : name;
    }
}
