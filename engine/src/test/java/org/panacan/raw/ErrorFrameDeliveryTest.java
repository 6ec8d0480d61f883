package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.BusState;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.ErrorFrame;
import org.panacan.ErrorFrame.ErrorClass;
import org.panacan.testing.SocketCanTest;

/**
 * Error frames through the kernel's error mask, decoded, and the bus state they imply. vcan has no controller, so
 * a second socket injects the error frames a driver would generate.
 */
@SocketCanTest
class ErrorFrameDeliveryTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static CanFrame error(final int classes, final int controllerStatus)
    {
        final byte[] data = new byte[8];
        data[1] = (byte)controllerStatus;
        return CanFrame.builder().id(classes).error(true).data(data).build();
    }

    @Test
    void errorFramesArriveDecodedAndDriveTheBusState() throws Exception
    {
        try (CanBus driver = CanBus.open("vcan0"); CanBus bus = CanBus.open("vcan0"))
        {
            assertEquals(BusState.ERROR_ACTIVE, bus.state());

            driver.send(error(ErrorClass.CONTROLLER.bit(), 0x10)); // rx passive
            final CanFrame received = bus.recv(WAIT);
            assertTrue(received.isError());
            assertTrue(ErrorFrame.decode(received).is(ErrorClass.CONTROLLER));
            assertEquals(BusState.ERROR_PASSIVE, bus.state());

            driver.send(error(ErrorClass.BUS_OFF.bit(), 0));
            bus.recv(WAIT);
            assertEquals(BusState.BUS_OFF, bus.state());

            driver.send(error(ErrorClass.RESTARTED.bit(), 0));
            bus.recv(WAIT);
            assertEquals(BusState.ERROR_ACTIVE, bus.state());
            assertEquals(3, bus.counters().errorFrames());
        }
    }

    @Test
    void theErrorMaskSelectsWhichClassesArrive() throws Exception
    {
        try (CanBus driver = CanBus.open("vcan0");
            CanBus bus = CanBus.open(BusConfig.socketCan("vcan0").errorMask(ErrorClass.BUS_OFF.bit()).build()))
        {
            driver.send(error(ErrorClass.CONTROLLER.bit(), 0x04));
            driver.send(error(ErrorClass.BUS_OFF.bit(), 0));
            assertTrue(ErrorFrame.decode(bus.recv(WAIT)).is(ErrorClass.BUS_OFF), "the controller frame was masked");
            bus.setErrorMask(0);
            driver.send(error(ErrorClass.BUS_OFF.bit(), 0));
            assertNull(bus.recv(Duration.ofMillis(200)));
        }
    }
}
