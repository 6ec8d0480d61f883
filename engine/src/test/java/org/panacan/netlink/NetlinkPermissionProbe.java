package org.panacan.netlink;

import java.util.ArrayList;
import java.util.List;

import org.panacan.CanException;

/**
 * What {@link NetlinkPermissionTest} checks, run in a process without CAP_NET_ADMIN: lists the CAN interfaces
 * (allowed), then tries to create a vcan (refused). Reports what happened, one fact a line.
 */
final class NetlinkPermissionProbe
{
    private NetlinkPermissionProbe()
    {
    }

    /** Lists, tries to create {@code name}; returns what happened. */
    static List<String> probe(final String name)
    {
        final List<String> facts = new ArrayList<>();
        try (CanInterfaces interfaces = CanInterfaces.open())
        {
            facts.add("listed " + interfaces.list().size());
            interfaces.createVcan(name);
            facts.add("created " + name);
            interfaces.delete(name);
        }
        catch (final CanException ex)
        {
            facts.add("errno " + ex.errnoName());
            facts.add("message " + ex.getMessage());
        }
        return facts;
    }

    public static void main(final String[] args)
    {
        probe(args[0]).forEach(System.out::println);
    }
}
