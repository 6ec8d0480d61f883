package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.Direction;
import org.panacan.TimestampMode;
import org.panacan.TimestampSource;
import org.panacan.testing.SocketCanTest;

/** Own-message echo, direction, loopback and timestamps as the kernel reports them. */
@SocketCanTest
class ReceiveMetadataTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void ownMessagesComeBackMarkedTransmitted() throws Exception
    {
        try (CanBus bus = CanBus.open(BusConfig.socketCan("vcan0").receiveOwnMessages(true).build()))
        {
            bus.send(CanFrame.of(0x10, (byte)1));
            final CanFrame echo = bus.recv(WAIT);
            assertNotNull(echo);
            assertEquals(Direction.TRANSMITTED, echo.direction());
            assertTrue(echo.isLocalOrigin());
        }
    }

    @Test
    void ownMessagesAreNotReceivedByDefault() throws Exception
    {
        try (CanBus bus = CanBus.open("vcan0"))
        {
            bus.send(CanFrame.of(0x10));
            assertNull(bus.recv(Duration.ofMillis(200)));
        }
    }

    @Test
    void framesFromAnotherLocalSocketAreReceivedAndLocal() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0"); CanBus receiver = CanBus.open("vcan0"))
        {
            sender.send(CanFrame.of(0x11));
            final CanFrame frame = receiver.recv(WAIT);
            assertEquals(Direction.RECEIVED, frame.direction());
            assertTrue(frame.isLocalOrigin(), "sent from this host");
        }
    }

    @Test
    void localLoopbackOffHidesFramesFromOtherLocalSockets() throws Exception
    {
        try (CanBus sender = CanBus.open(BusConfig.socketCan("vcan0").localLoopback(false).build());
            CanBus receiver = CanBus.open("vcan0"))
        {
            sender.send(CanFrame.of(0x12));
            assertNull(receiver.recv(Duration.ofMillis(200)));
        }
    }

    @Test
    void softwareTimestampsAreMonotonicAndNearWallTime() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0"); CanBus receiver = CanBus.open("vcan0"))
        {
            final long millisecond = 1_000_000L;
            final long sentFrom = System.currentTimeMillis() * millisecond;
            for (int i = 0; i < 20; i++)
            {
                sender.send(CanFrame.of(0x13, (byte)i));
            }
            long previous = sentFrom - millisecond; // the wall clock's millisecond truncates
            for (int i = 0; i < 20; i++)
            {
                final CanFrame frame = receiver.recv(WAIT);
                final long readBy = (System.currentTimeMillis() + 1) * millisecond;
                assertEquals(TimestampSource.SOFTWARE, frame.timestampSource());
                assertTrue(frame.timestampNanos() >= previous, "monotonic, and not before the sends began");
                assertTrue(frame.timestampNanos() <= readBy, "wall time, not after the frame was read: "
                    + frame.timestampNanos() + " > " + readBy);
                previous = frame.timestampNanos();
            }
        }
    }

    @Test
    void timestampsCanBeSwitchedOff() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").timestamps(TimestampMode.NONE).build()))
        {
            sender.send(CanFrame.of(0x14));
            final CanFrame frame = receiver.recv(WAIT);
            assertEquals(0, frame.timestampNanos());
            assertEquals(TimestampSource.NONE, frame.timestampSource());
        }
    }

    @Test
    void hardwareModeFallsBackToSoftwareStampsOnVcan() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan0");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0").timestamps(TimestampMode.HARDWARE).build()))
        {
            sender.send(CanFrame.of(0x15));
            final CanFrame frame = receiver.recv(WAIT);
            assertEquals(TimestampSource.SOFTWARE, frame.timestampSource(), "vcan has no hardware clock");
            assertTrue(frame.timestampNanos() > 0);
        }
    }

    @Test
    void anyInterfaceBusReportsEachFramesInterface() throws Exception
    {
        try (CanBus any = CanBus.open(BusConfig.socketCan(BusConfig.ANY_INTERFACE).build());
            CanBus on0 = CanBus.open("vcan0"); CanBus on1 = CanBus.open("vcan1"))
        {
            on0.send(CanFrame.of(0x20));
            on1.send(CanFrame.of(0x21));
            final Set<String> seen = new HashSet<>();
            for (int i = 0; i < 2; i++) // two interfaces: the kernel may deliver their frames in either order
            {
                final CanFrame frame = any.recv(WAIT);
                final String sentOn = frame.id() == 0x20 ? "vcan0" : frame.id() == 0x21 ? "vcan1" : "neither";
                assertEquals(sentOn, any.interfaceName(frame.interfaceIndex()), "frame " + frame);
                seen.add(sentOn);
            }
            assertEquals(Set.of("vcan0", "vcan1"), seen);
        }
    }

    @Test
    void anyInterfaceBusSendsOnTheFramesInterface() throws Exception
    {
        try (CanBus any = CanBus.open(BusConfig.socketCan(BusConfig.ANY_INTERFACE).build());
            CanBus on1 = CanBus.open("vcan1"))
        {
            any.send(CanFrame.of(0x22).withInterface(0, "vcan1"));
            assertEquals(CanFrame.of(0x22), on1.recv(WAIT));
        }
    }
}
