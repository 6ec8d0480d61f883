package org.panacan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.CanProtocol;
import org.panacan.FrameFlags;
import org.panacan.junit.CanTestBus.Kind;

/** The extension on the in-process virtual bus: what a test gets where the kernel offers no vcan. */
class CanTestBusVirtualTest
{
    private static final Duration WAIT = Duration.ofSeconds(2);

    private CanBus setUpBus;

    @BeforeEach
    void keep(@CanTestBus(kind = Kind.VIRTUAL) final CanBus bus)
    {
        this.setUpBus = bus;
    }

    @Test
    void busesOfOneTestShareTheNetwork(@CanTestBus(kind = Kind.VIRTUAL) final CanBus a,
        @CanTestBus(kind = Kind.VIRTUAL) final CanBus b) throws Exception
    {
        a.send(CanFrame.of(0x123, (byte)1));

        assertEquals(CanFrame.of(0x123, (byte)1), b.recv(WAIT));
        assertEquals(CanFrame.of(0x123, (byte)1), setUpBus.recv(WAIT), "the @BeforeEach bus is on it too");
    }

    @Test
    void theNameAndTheNetworkDescribeTheVirtualChannel(@CanTestBus(kind = Kind.VIRTUAL) final String name,
        @CanTestBus(kind = Kind.VIRTUAL) final CanTestNetwork network,
        @CanTestBus(kind = Kind.VIRTUAL) final CanBus bus)
    {
        assertEquals(network.name(), name);
        assertEquals(Kind.VIRTUAL, network.kind());
        assertFalse(network.isKernel());
        assertEquals(name, network.peerName(), "one end");
        assertTrue(bus.channelInfo().startsWith("virtual channel '" + name + "'"), bus.channelInfo());
    }

    @Test
    void networksOfDifferentNamesAreIsolated(@CanTestBus(kind = Kind.VIRTUAL, network = "a") final CanBus a,
        @CanTestBus(kind = Kind.VIRTUAL, network = "b") final CanBus b,
        @CanTestBus(kind = Kind.VIRTUAL, network = "b") final CanBus alsoB) throws Exception
    {
        b.send(CanFrame.of(2));

        assertEquals(CanFrame.of(2), alsoB.recv(WAIT));
        assertNull(a.recv(Duration.ofMillis(50)));
    }

    @Test
    void fdBusesCarryCanFdFrames(@CanTestBus(kind = Kind.VIRTUAL, fd = true, network = "fd") final CanBus a,
        @CanTestBus(kind = Kind.VIRTUAL, fd = true, network = "fd") final CanBus b) throws Exception
    {
        final CanFrame fd = CanFrame.fd(0x42, FrameFlags.BRS, new byte[48]);

        a.send(fd);

        assertEquals(CanProtocol.CAN_FD, a.protocol());
        assertEquals(fd, b.recv(WAIT));
    }

    @Test
    void ownMessagesAreReceivedWhenAsked(
        @CanTestBus(kind = Kind.VIRTUAL, receiveOwnMessages = true, network = "own") final CanBus bus)
        throws Exception
    {
        bus.send(CanFrame.of(5));

        assertEquals(CanFrame.of(5), bus.recv(WAIT));
    }

    @Test
    void autoUsesTheVirtualBusWhereNoVcanCanBeMade(@CanTestBus final CanTestNetwork network,
        @CanTestBus final CanBus a, @CanTestBus(peer = true) final CanBus peer) throws Exception
    {
        assumeTrue(KernelSupport.missing() != null, "this host can make vcan interfaces");

        a.send(CanFrame.of(7));

        assertEquals(Kind.VIRTUAL, network.kind());
        assertEquals(network.name(), network.peerName());
        assertEquals(CanFrame.of(7), peer.recv(WAIT), "the peer end of a virtual network is the network itself");
    }

    @Test
    void moreBusesCanBeOpenedOnTheNetwork(@CanTestBus(kind = Kind.VIRTUAL) final CanTestNetwork network)
        throws Exception
    {
        final CanBus extra = network.open();
        final CanBus peer = network.openPeer();

        extra.send(CanFrame.of(9));

        assertEquals(CanFrame.of(9), peer.recv(WAIT));
    }

    @Test
    void capNetAdminIsBit12OfTheEffectiveCapabilities()
    {
        assertTrue(KernelSupport.hasCapNetAdmin("000001fffeffffff"));
        assertTrue(KernelSupport.hasCapNetAdmin("0000000000001000"));
        assertFalse(KernelSupport.hasCapNetAdmin("000001fffeffefff"));
        assertFalse(KernelSupport.hasCapNetAdmin("0000000000000000"));
    }
}
