package org.panacan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.junit.CanTestBus.Kind;
import org.panacan.netlink.CanInterfaces;
import org.panacan.testing.SocketCanTest;

/** With SocketCAN and CAP_NET_ADMIN (the test VM runs as root), the extension makes real vcan and vxcan interfaces. */
@SocketCanTest
class CanTestBusKernelTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void autoMakesAFreshVcanThatIsUpAndCarriesFrames(@CanTestBus final CanTestNetwork network,
        @CanTestBus final String name, @CanTestBus final CanBus a, @CanTestBus final CanBus b) throws Exception
    {
        a.send(CanFrame.of(0x321, (byte)9));

        assertEquals(Kind.VCAN, network.kind());
        assertTrue(network.isKernel());
        assertTrue(name.startsWith("pct"), name);
        assertEquals(network.name(), name);
        assertTrue((Integer.decode(sysfs(name, "flags")) & 1) != 0, "up");
        assertEquals("16", sysfs(name, "mtu"));
        assertEquals(CanFrame.of(0x321, (byte)9), b.recv(WAIT));
        assertTrue(a.channelInfo().startsWith("socketcan channel '" + name + "'"), a.channelInfo());
    }

    @Test
    void fdGivesTheVcanTheCanFdMtu(@CanTestBus(fd = true) final String name, @CanTestBus(fd = true) final CanBus a,
        @CanTestBus(fd = true) final CanBus b) throws Exception
    {
        final CanFrame fd = CanFrame.fd(0x42, FrameFlags.BRS, new byte[64]);

        a.send(fd);

        assertEquals("72", sysfs(name, "mtu"));
        assertEquals(fd, b.recv(WAIT));
    }

    @Test
    void theEndsOfAVxcanPairTalkToEachOther(@CanTestBus(kind = Kind.VXCAN) final CanBus a,
        @CanTestBus(kind = Kind.VXCAN, peer = true) final CanBus b, @CanTestBus(kind = Kind.VXCAN) final String name,
        @CanTestBus(kind = Kind.VXCAN, peer = true) final String peer) throws Exception
    {
        a.send(CanFrame.of(1));
        b.send(CanFrame.of(2));

        assertNotEquals(name, peer);
        try (CanInterfaces interfaces = CanInterfaces.open())
        {
            assertEquals("vxcan", interfaces.details(name).kind());
            assertEquals(interfaces.details(peer).index(), interfaces.details(name).peerIndex().orElseThrow());
        }
        assertEquals(CanFrame.of(1), b.recv(WAIT));
        assertEquals(CanFrame.of(2), a.recv(WAIT));
    }

    @Test
    void autoWithAPeerMakesAVxcanPair(@CanTestBus final CanTestNetwork network,
        @CanTestBus(peer = true) final String peer)
    {
        assertEquals(Kind.VXCAN, network.kind());
        assertEquals(network.peerName(), peer);
        assertTrue(Files.exists(Path.of("/sys/class/net", peer)));
    }

    @Test
    void virtualStaysVirtualWhereTheKernelCouldDoMore(@CanTestBus(kind = Kind.VIRTUAL) final CanTestNetwork network)
    {
        assertEquals(Kind.VIRTUAL, network.kind());
    }

    @Test
    void theInterfacesAreDeletedAfterTheTest()
    {
        MakesInterfaces.names.clear();

        final List<ExampleRun.Outcome> outcomes = ExampleRun.of(MakesInterfaces.class);

        assertEquals(2, outcomes.size(), outcomes::toString);
        assertTrue(outcomes.stream().allMatch(o -> o.status() == Status.SUCCESSFUL), outcomes::toString);
        assertEquals(3, MakesInterfaces.names.size(), MakesInterfaces.names::toString);
        for (final String name : MakesInterfaces.names)
        {
            assertFalse(Files.exists(Path.of("/sys/class/net", name)), name + " is gone");
        }
    }

    @Test
    void aNetworkAskedForAsTwoKindsIsRefusedNamingBoth()
    {
        final ExampleRun.Outcome outcome = ExampleRun.of(AsksForTwoKinds.class).getFirst();

        assertEquals(Status.FAILED, outcome.status());
        assertTrue(outcome.failure().getMessage().contains("is a vcan"), outcome.failure().getMessage());
    }

    private static String sysfs(final String name, final String attribute) throws Exception
    {
        return Files.readString(Path.of("/sys/class/net", name, attribute)).trim();
    }

    /** Run by {@link #theInterfacesAreDeletedAfterTheTest}: records the interfaces it was given. */
    @ExtendWith(ExampleOnly.class)
    static class MakesInterfaces
    {
        static final List<String> names = new ArrayList<>();

        @Test
        void vcan(@CanTestBus(kind = Kind.VCAN) final String name, @CanTestBus(kind = Kind.VCAN) final CanBus bus)
        {
            assertTrue(Files.exists(Path.of("/sys/class/net", name)));
            names.add(name);
        }

        @Test
        void vxcan(@CanTestBus(kind = Kind.VXCAN) final String name,
            @CanTestBus(kind = Kind.VXCAN, peer = true) final String peer)
        {
            assertTrue(Files.exists(Path.of("/sys/class/net", peer)));
            names.add(name);
            names.add(peer);
        }
    }

    /** Run by {@link #aNetworkAskedForAsTwoKindsIsRefusedNamingBoth}. */
    @ExtendWith(ExampleOnly.class)
    static class AsksForTwoKinds
    {
        @Test
        void asks(@CanTestBus(kind = Kind.VCAN) final CanBus vcan, @CanTestBus(kind = Kind.VIRTUAL) final CanBus other)
        {
        }
    }
}
