package org.panacan.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanException;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.NoSuchInterfaceException;
import org.panacan.testing.RequiresSocketCan;
import org.panacan.testing.SocketCanTest;

/**
 * vcan and vxcan interfaces made, changed and removed through rtnetlink, checked against the kernel's view (sysfs)
 * and by sending frames through them. Each test works on interfaces of its own, never on vcan0 / vcan1.
 */
@SocketCanTest
class NetlinkInterfacesTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private final String vcan = "pcnl" + suffix;
    private final String vxcan = "pcnx" + suffix + "a";
    private final String peer = "pcnx" + suffix + "b";
    private CanInterfaces interfaces;

    @AfterEach
    void removeWhatTheTestMade() throws CanException
    {
        if (interfaces == null)
        {
            return;
        }
        try
        {
            for (final String name : List.of(vcan, vxcan))
            {
                if (interfaces.exists(name))
                {
                    interfaces.delete(name);
                }
            }
        }
        finally
        {
            interfaces.close();
        }
    }

    private CanInterfaces interfaces() throws CanException
    {
        if (interfaces == null)
        {
            interfaces = CanInterfaces.open();
        }
        return interfaces;
    }

    @Test
    void aCreatedVcanExistsDownAndIsListedAmongTheCanInterfaces() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);

        assertTrue(Files.exists(sysfs(vcan)), "the kernel has " + vcan);
        final LinkDetails details = link.details();
        assertEquals(vcan, details.name());
        assertEquals("vcan", details.kind());
        assertFalse(details.up());
        assertEquals(Integer.parseInt(Files.readString(sysfs(vcan).resolve("ifindex")).trim()), details.index());

        final List<LinkDetails> listed = interfaces.list();
        assertTrue(listed.stream().anyMatch(l -> l.name().equals(vcan)), () -> vcan + " in " + listed);
        assertTrue(listed.stream().anyMatch(l -> l.name().equals(RequiresSocketCan.VCAN0)), "vcan0 is listed");
        assertTrue(listed.stream().noneMatch(l -> l.name().equals("lo")), "only CAN interfaces are listed");
    }

    @Test
    void aDeletedVcanIsGone() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);

        link.delete();

        assertFalse(Files.exists(sysfs(vcan)));
        assertFalse(interfaces.exists(vcan));
        final NoSuchInterfaceException missing = assertThrows(NoSuchInterfaceException.class, link::details);
        assertEquals(vcan, missing.interfaceName());
        assertEquals("ENODEV", missing.errnoName());
    }

    @Test
    void upAndDownReachTheKernelAndABusWorksOnTheNewInterface() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);

        link.up();

        assertTrue(link.isUp());
        assertTrue((flags(vcan) & 1) != 0, "IFF_UP in sysfs");
        assertTrue(link.details().running());
        try (CanBus sender = CanBus.open(vcan); CanBus receiver = CanBus.open(vcan))
        {
            sender.send(CanFrame.of(0x123, (byte)1, (byte)2));
            assertEquals(CanFrame.of(0x123, (byte)1, (byte)2), receiver.recv(WAIT));
        }

        link.down();

        assertFalse(link.isUp());
        assertEquals(0, flags(vcan) & 1, "IFF_UP cleared in sysfs");
        assertEquals(OperState.DOWN, link.details().operState());
    }

    @Test
    void mtu72MakesAVcanCarryCanFdFramesAnd16TakesThatAway() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);

        link.setMtu(LinkDetails.CAN_MTU);
        assertEquals(16, link.details().mtu());
        assertEquals("16", Files.readString(sysfs(vcan).resolve("mtu")).trim());

        link.setMtu(LinkDetails.CANFD_MTU);
        assertTrue(link.details().isFd());
        assertEquals("72", Files.readString(sysfs(vcan).resolve("mtu")).trim());

        link.up();
        try (CanBus sender = CanBus.open(BusConfig.socketCan(vcan).fd(true).build());
            CanBus receiver = CanBus.open(BusConfig.socketCan(vcan).fd(true).build()))
        {
            final CanFrame fd = CanFrame.fd(0x42, FrameFlags.BRS, new byte[64]);
            sender.send(fd);
            assertEquals(fd, receiver.recv(WAIT));
        }
    }

    @Test
    void anMtuThatIsNoCanMtuIsRefusedWithEinval() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);

        final CanException refused = assertThrows(CanException.class, () -> link.setMtu(50));

        assertEquals("EINVAL", refused.errnoName());
        assertTrue(refused.getMessage().startsWith("RTM_NEWLINK(" + vcan + "): EINVAL"), refused.getMessage());
        assertTrue(refused.getMessage().contains("72"), refused.getMessage());
    }

    @Test
    void theMtuOfAnUpVcanDoesNotChangeEbusy() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);
        link.up();

        final CanException refused = assertThrows(CanException.class, () -> link.setMtu(LinkDetails.CAN_MTU));

        assertEquals("EBUSY", refused.errnoName());
        assertTrue(refused.getMessage().contains("down"), refused.getMessage());
    }

    @Test
    void aSecondVcanOfTheSameNameIsRefusedWithEexist() throws Exception
    {
        interfaces().createVcan(vcan);

        final CanException refused = assertThrows(CanException.class, () -> interfaces.createVcan(vcan));

        assertEquals("EEXIST", refused.errnoName());
        assertTrue(refused.getMessage().contains(vcan), refused.getMessage());
    }

    @Test
    void aVcanHasNoControllerStateButAnOperationalState() throws Exception
    {
        final CanLink link = interfaces().createVcan(vcan);
        assertEquals(OperState.DOWN, link.details().operState());

        link.up();

        assertEquals(Optional.empty(), link.state());
        assertEquals(Optional.empty(), link.errorCounters());
        assertEquals(Optional.empty(), link.details().controller());
        assertEquals(operstate(vcan), link.details().operState().name().toLowerCase());
    }

    @Test
    void aVxcanPairCarriesFramesFromOneEndToTheOther() throws Exception
    {
        final VxcanPair pair = interfaces().createVxcan(vxcan, peer);
        pair.first().setMtu(LinkDetails.CANFD_MTU);
        pair.peer().setMtu(LinkDetails.CANFD_MTU);
        pair.first().up();
        pair.peer().up();

        final LinkDetails first = pair.first().details();
        final LinkDetails second = pair.peer().details();
        assertEquals("vxcan", first.kind());
        assertEquals("vxcan", second.kind());
        assertEquals(second.index(), first.peerIndex().orElseThrow());
        assertEquals(first.index(), second.peerIndex().orElseThrow());
        try (CanBus a = CanBus.open(BusConfig.socketCan(vxcan).fd(true).build());
            CanBus b = CanBus.open(BusConfig.socketCan(peer).fd(true).build()))
        {
            final CanFrame fd = CanFrame.fd(0x7FF, 0, new byte[12]);
            a.send(fd);
            assertEquals(fd, b.recv(WAIT));
            b.send(CanFrame.of(0x1));
            assertEquals(CanFrame.of(0x1), a.recv(WAIT));
        }
    }

    @Test
    void deletingOneEndOfAVxcanPairRemovesBoth() throws Exception
    {
        final VxcanPair pair = interfaces().createVxcan(vxcan, peer);
        assertTrue(Files.exists(sysfs(peer)));

        pair.peer().delete();

        assertFalse(Files.exists(sysfs(vxcan)));
        assertFalse(Files.exists(sysfs(peer)));
    }

    @Test
    void changingAnInterfaceThatDoesNotExistNamesIt() throws Exception
    {
        final CanLink missing = interfaces().link(vcan);

        final NoSuchInterfaceException refused = assertThrows(NoSuchInterfaceException.class, missing::up);

        assertEquals(vcan, refused.interfaceName());
    }

    private static Path sysfs(final String name)
    {
        return Path.of("/sys/class/net", name);
    }

    private static int flags(final String name) throws Exception
    {
        return Integer.decode(Files.readString(sysfs(name).resolve("flags")).trim());
    }

    private static String operstate(final String name) throws Exception
    {
        return Files.readString(sysfs(name).resolve("operstate")).trim();
    }
}
