package org.panacan.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.panacan.BusClosedException;
import org.panacan.NoSuchInterfaceException;

/**
 * rtnetlink is part of every Linux kernel, SocketCAN or not: reading links and refusing bad input need no CAN. The
 * loopback interface stands in for a link that exists everywhere.
 */
class CanInterfacesTest
{
    @Test
    void theLoopbackInterfaceIsDescribedButNotListedAsCan() throws Exception
    {
        try (CanInterfaces interfaces = CanInterfaces.open())
        {
            final LinkDetails lo = interfaces.details("lo");

            assertEquals("lo", lo.name());
            assertEquals(1, lo.index());
            assertTrue(lo.up());
            assertTrue(lo.controller().isEmpty());
            assertTrue(lo.statistics().isPresent());
            assertTrue(interfaces.list().stream().noneMatch(link -> link.name().equals("lo")));
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsNamed() throws Exception
    {
        try (CanInterfaces interfaces = CanInterfaces.open())
        {
            final NoSuchInterfaceException missing =
                assertThrows(NoSuchInterfaceException.class, () -> interfaces.details("pcnomore0"));

            assertEquals("pcnomore0", missing.interfaceName());
            assertEquals("RTM_GETLINK", missing.syscall());
            assertFalse(interfaces.exists("pcnomore0"));
            assertThrows(NoSuchInterfaceException.class, () -> interfaces.link("pcnomore0").up());
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() throws Exception
    {
        try (CanInterfaces interfaces = CanInterfaces.open())
        {
            assertThrows(IllegalArgumentException.class, () -> interfaces.link("lo").setMtu(0));
            assertThrows(IllegalArgumentException.class, () -> interfaces.createVxcan("pcsame", "pcsame"));
            assertThrows(IllegalArgumentException.class, () -> interfaces.createVcan("far-too-long-name"));
        }
    }

    @Test
    void everyCallAfterCloseSaysClosed() throws Exception
    {
        final CanInterfaces interfaces = CanInterfaces.open();
        final CanLink lo = interfaces.link("lo");

        interfaces.close();
        interfaces.close();

        assertThrows(BusClosedException.class, interfaces::list);
        assertThrows(BusClosedException.class, lo::details);
        assertThrows(BusClosedException.class, lo::up);
    }
}
