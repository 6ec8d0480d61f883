package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.NetworkDownException;
import org.panacan.NoSuchInterfaceException;
import org.panacan.testing.SocketCanTest;

/** What the kernel says about interfaces reaches the caller as a named exception. */
@SocketCanTest
class InterfaceStateTest
{
    @AfterEach
    void bringVcan1BackUp() throws Exception
    {
        ip("link", "set", "vcan1", "up");
    }

    @Test
    void unknownInterfaceIsNamed()
    {
        final NoSuchInterfaceException failure =
            assertThrows(NoSuchInterfaceException.class, () -> CanBus.open("nosuchcan0"));
        assertEquals("nosuchcan0", failure.interfaceName());
        assertTrue(failure.getMessage().contains("nosuchcan0"), failure.getMessage());
    }

    @Test
    void sendingOnADownInterfaceSaysENETDOWN() throws Exception
    {
        try (CanBus bus = CanBus.open("vcan1"))
        {
            ip("link", "set", "vcan1", "down");
            final NetworkDownException failure =
                assertThrows(NetworkDownException.class, () -> bus.send(CanFrame.of(1)));
            assertEquals("ENETDOWN", failure.errnoName());
            assertEquals("vcan1", failure.interfaceName());
        }
    }

    @Test
    void receiverLearnsOfTheDownInterfaceAndWorksAgainOnceItIsUp() throws Exception
    {
        try (CanBus sender = CanBus.open("vcan1");
            CanBus receiver = CanBus.open(BusConfig.socketCan("vcan1").build()))
        {
            receiver.start();
            sender.send(CanFrame.of(0x1));
            assertEquals(CanFrame.of(0x1), receiver.recv(Duration.ofSeconds(5)));

            ip("link", "set", "vcan1", "down");
            assertThrows(NetworkDownException.class, () ->
            {
                for (int i = 0; i < 50; i++)
                {
                    receiver.recv(Duration.ofMillis(100));
                }
            });

            ip("link", "set", "vcan1", "up");
            sender.send(CanFrame.of(0x2));
            assertEquals(CanFrame.of(0x2), receiver.recv(Duration.ofSeconds(5)));
        }
    }

    @Test
    void openingOnADownInterfaceWorksAndSendingSaysWhy() throws Exception
    {
        ip("link", "set", "vcan1", "down");
        try (CanBus bus = CanBus.open("vcan1"))
        {
            assertThrows(NetworkDownException.class, () -> bus.send(CanFrame.of(1)));
        }
    }

    static void ip(final String... args) throws Exception
    {
        final String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        final Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }
}
