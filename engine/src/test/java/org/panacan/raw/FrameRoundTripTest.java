package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.testing.SocketCanTest;

/** Every frame format survives a trip through the kernel byte for byte. */
@SocketCanTest
class FrameRoundTripTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);
    private CanBus sender;
    private CanBus receiver;

    @BeforeEach
    void open() throws Exception
    {
        sender = CanBus.open(BusConfig.socketCan("vcan0").fd(true).build());
        receiver = CanBus.open(BusConfig.socketCan("vcan0").fd(true).build());
    }

    @AfterEach
    void close()
    {
        sender.close();
        receiver.close();
    }

    private CanFrame roundTrip(final CanFrame frame) throws Exception
    {
        sender.send(frame);
        final CanFrame received = receiver.recv(WAIT);
        assertNotNull(received, "frame arrived within " + WAIT);
        assertEquals(frame, received, "wire content equal");
        return received;
    }

    @Test
    void standardDataFrame() throws Exception
    {
        final CanFrame received = roundTrip(CanFrame.of(0x7FF, HexFormat.of().parseHex("DEADBEEF")));
        assertFalse(received.isExtended());
        assertEquals(0x7FF, received.id());
        assertArrayEquals(HexFormat.of().parseHex("DEADBEEF"), received.dataCopy());
    }

    @Test
    void extendedDataFrame() throws Exception
    {
        final CanFrame received = roundTrip(CanFrame.extended(0x1FFF_FFFF, (byte)1, (byte)2));
        assertTrue(received.isExtended());
        assertEquals(0x1FFF_FFFF, received.id());
    }

    @Test
    void emptyFrame() throws Exception
    {
        assertEquals(0, roundTrip(CanFrame.of(0x000)).length());
    }

    @Test
    void remoteFrameKeepsItsRequestedLength() throws Exception
    {
        final CanFrame received = roundTrip(CanFrame.remote(0x123, false, 6));
        assertTrue(received.isRemote());
        assertEquals(6, received.length());
        assertEquals(0, received.dataCopy().length);
    }

    @Test
    void classicEightByteFrameKeepsItsRawDlc() throws Exception
    {
        final CanFrame frame = CanFrame.builder().id(0x321).data(new byte[8]).len8Dlc(0xC).build();
        final CanFrame received = roundTrip(frame);
        assertEquals(0xC, received.len8Dlc());
        assertEquals(0xC, received.dlc());
    }

    @Test
    void fdFrameWithBitRateSwitchAndErrorStateIndicator() throws Exception
    {
        final byte[] payload = new byte[64];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(255 - i);
        }
        final CanFrame received = roundTrip(CanFrame.fd(0x1ABC_DEF0, FrameFlags.EXTENDED | FrameFlags.BRS
            | FrameFlags.ESI, payload));
        assertTrue(received.isFd());
        assertTrue(received.isBitRateSwitch());
        assertTrue(received.isErrorStateIndicator());
        assertArrayEquals(payload, received.dataCopy());
    }

    @Test
    void fdFrameOfEightBytesOrFewerStaysFd() throws Exception
    {
        final CanFrame received = roundTrip(CanFrame.fd(0x55, 0, (byte)1, (byte)2, (byte)3));
        assertTrue(received.isFd(), "an FD frame that fits in 8 bytes is still FD");
        assertEquals(3, received.length());
    }

    @Test
    void everyFdLengthArrivesWithItsLength() throws Exception
    {
        for (final int length : new int[] {0, 1, 7, 8, 12, 16, 20, 24, 32, 48, 64})
        {
            assertEquals(length, roundTrip(CanFrame.fd(0x100, 0, new byte[length])).length());
        }
    }

    @Test
    void zeroAllocationSendArrivesIdentically() throws Exception
    {
        final byte[] buffer = {9, 8, 7, 6, 5, 4, 3, 2, 1};
        sender.send(0x42, FrameFlags.EXTENDED, buffer, 1, 4, 1_000_000_000L);
        final CanFrame received = receiver.recv(WAIT);
        assertEquals(CanFrame.extended(0x42, (byte)8, (byte)7, (byte)6, (byte)5), received);
    }

    @Test
    void receivedFrameNamesItsInterface() throws Exception
    {
        final CanFrame received = roundTrip(CanFrame.of(0x1));
        assertEquals(((SocketCanBus)receiver).interfaceIndex(), received.interfaceIndex());
        assertEquals("vcan0", receiver.interfaceName(received.interfaceIndex()));
    }
}
