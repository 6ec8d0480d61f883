package org.panacan.isotp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panacan.BusClosedException;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFilter;
import org.panacan.CanFrame;

/**
 * What every ISO-TP channel does, whatever its backend and bus: the subclasses run it on the virtual bus (pure
 * Java), and in the kernel for both backends. Peers are a second channel of the same backend, or a raw bus that
 * plays a faulty peer frame by frame.
 */
public abstract class IsoTpChannelContract
{
    protected static final Duration WAIT = Duration.ofSeconds(10);
    private static final IsoTpAddress HERE = IsoTpAddress.normal11(0x7E0, 0x7E8);
    private static final IsoTpAddress THERE = IsoTpAddress.normal11(0x7E8, 0x7E0);

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The bus the channels and raw peers live on. */
    protected abstract BusConfig.Builder bus();

    /** The backend under test. */
    protected abstract IsoTpBackend backend();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    protected IsoTpChannel channel(final IsoTpAddress address, final IsoTpParams.Builder params) throws Exception
    {
        final IsoTpChannel channel = IsoTpChannel.open(bus().build(), address, params.backend(backend()).build());
        resources.add(channel);
        channel.start();
        assertEquals(backend(), channel.backend(), channel.backendReason());
        return channel;
    }

    /**
     * Parameters for tests that are not about timeouts: the pure-Java backend gets 5 s N_Bs and N_Cr, so that a
     * slow test machine (the emulated VM) cannot fail them; the kernel's are fixed at 1 s.
     */
    protected IsoTpParams.Builder patient()
    {
        final IsoTpParams.Builder params = IsoTpParams.builder();
        return backend() == IsoTpBackend.KERNEL ? params
            : params.flowControlTimeout(Duration.ofSeconds(5)).consecutiveFrameTimeout(Duration.ofSeconds(5));
    }

    /** A raw bus that receives only {@code id} (11-bit). */
    protected CanBus rawPeer(final int id, final boolean fd) throws Exception
    {
        final CanBus bus = CanBus.open(bus().fd(fd).filters(CanFilter.standard(id, 0x7FF)).build());
        resources.add(bus);
        return bus;
    }

    private static byte[] payload(final int length)
    {
        final byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    private static void sendRaw(final CanBus bus, final int id, final String hex) throws Exception
    {
        bus.send(CanFrame.of(id, HexFormat.of().parseHex(hex)));
    }

    private static CanFrame expectFrame(final CanBus bus) throws Exception
    {
        final CanFrame frame = bus.recv(WAIT);
        assertNotNull(frame, "a frame within " + WAIT);
        return frame;
    }

    // ------------------------------------------------------------------------------------------------ transfers

    @Test
    void pdusOfEverySizeClassArriveIntact() throws Exception
    {
        final IsoTpChannel sender = channel(HERE, patient());
        final IsoTpChannel receiver = channel(THERE, patient());
        for (final int length : new int[] {1, 7, 8, 62, 63, 64, 4095})
        {
            final byte[] data = payload(length);
            sender.send(data);
            assertArrayEquals(data, receiver.recv(WAIT), length + " bytes");
        }
    }

    @Test
    void canFdPdusAbove4095BytesUseTheEscapeAndArriveIntact() throws Exception
    {
        final IsoTpParams.Builder fd = patient().fd(64).bitRateSwitch(true).blockSize(8);
        final IsoTpChannel sender = channel(HERE, fd);
        final IsoTpChannel receiver = channel(THERE, fd);
        for (final int length : new int[] {8, 62, 63, 5000})
        {
            final byte[] data = payload(length);
            sender.send(data);
            assertArrayEquals(data, receiver.recv(WAIT), length + " bytes");
        }
    }

    @Test
    void everyAddressingModeCarriesSegmentedPdus() throws Exception
    {
        final IsoTpAddress[][] pairs = {
            {IsoTpAddress.normal29(0x18DA_F110, 0x18DA_10F1), IsoTpAddress.normal29(0x18DA_10F1, 0x18DA_F110)},
            {IsoTpAddress.normalFixed29(0xF1, 0x10), IsoTpAddress.normalFixed29(0x10, 0xF1)},
            {IsoTpAddress.extended11(0x600, 0x601, 0x22, 0x11), IsoTpAddress.extended11(0x601, 0x600, 0x11, 0x22)},
            {IsoTpAddress.extended29(0x1000, 0x1001, 0x22, 0x11), IsoTpAddress.extended29(0x1001, 0x1000, 0x11, 0x22)},
            {IsoTpAddress.mixed11(0x610, 0x611, 0x5A), IsoTpAddress.mixed11(0x611, 0x610, 0x5A)},
            {IsoTpAddress.mixed29(0xF1, 0x10, 0x5A), IsoTpAddress.mixed29(0x10, 0xF1, 0x5A)},
        };
        for (final IsoTpAddress[] pair : pairs)
        {
            final IsoTpChannel a = channel(pair[0], patient());
            final IsoTpChannel b = channel(pair[1], patient());
            final byte[] data = payload(100);
            a.send(data);
            assertArrayEquals(data, b.recv(WAIT), pair[0].toString());
            b.send(data);
            assertArrayEquals(data, a.recv(WAIT), pair[1].toString());
        }
    }

    @Test
    void functionalSingleFrameReachesThePeerOnTheFunctionalIdentifier() throws Exception
    {
        final IsoTpChannel tester = channel(IsoTpAddress.normalFixed29(0xF1, 0x33), patient());
        final IsoTpChannel ecu = channel(IsoTpAddress.normalFixed29(0x33, 0xF1), patient());
        tester.send(new byte[] {0x3E, 0x00}, TargetAddressType.FUNCTIONAL, WAIT);
        assertArrayEquals(new byte[] {0x3E, 0x00}, ecu.recv(WAIT));
    }

    @Test
    void functionalPduLongerThanASingleFrameIsRefused() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder());
        assertThrows(IllegalArgumentException.class,
            () -> channel.send(new byte[8], TargetAddressType.FUNCTIONAL, WAIT));
        channel.send(new byte[7], TargetAddressType.FUNCTIONAL, WAIT);
    }

    @Test
    void pduOverTheMaximumOrEmptyIsRefusedBeforeAnyFrameIsSent() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder().maxPduLength(100));
        final CanBus peer = rawPeer(0x7E0, false);
        assertThrows(IllegalArgumentException.class, () -> channel.send(new byte[101]));
        assertThrows(IllegalArgumentException.class, () -> channel.send(new byte[0]));
        assertNull(peer.recv(Duration.ofMillis(200)), "nothing went out");
    }

    @Test
    void blockSizeAndStminOfTheReceiverAreHonoured() throws Exception
    {
        final IsoTpChannel sender = channel(HERE, patient());
        final IsoTpChannel receiver = channel(THERE, patient().blockSize(1)
            .stmin(Duration.ofNanos(500_000)));
        final byte[] data = payload(200);
        sender.send(data);
        assertArrayEquals(data, receiver.recv(WAIT));
    }

    // ---------------------------------------------------------------------------------------------------- faults

    @Test
    void peerThatNeverSendsFlowControlTimesOutAndTheChannelStaysUsable() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder());
        final CanBus peer = rawPeer(0x7E0, false);
        final long start = System.nanoTime();
        assertThrows(FlowControlTimeoutException.class, () -> channel.send(payload(100)));
        final long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(900), "N_Bs is 1 s: " + elapsed / 1_000_000 + " ms");
        assertEquals(0x10, expectFrame(peer).data(0) & 0xF0, "the first frame went out");
        channel.send(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {3, 1, 2, 3}, expectFrame(peer).dataCopy());
    }

    @Test
    void flowControlOverflowFromThePeerFailsTheSend() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder());
        final CanBus peer = rawPeer(0x7E0, false);
        final CompletableFuture<Void> answer = CompletableFuture.runAsync(() ->
        {
            try
            {
                expectFrame(peer);
                sendRaw(peer, 0x7E8, "320000");
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        assertThrows(FlowControlOverflowException.class, () -> channel.send(payload(100)));
        answer.get(10, TimeUnit.SECONDS);
        channel.send(new byte[] {1});
        assertArrayEquals(new byte[] {1, 1}, expectFrame(peer).dataCopy());
    }

    @Test
    void outOfOrderConsecutiveFrameIsAWrongSequenceNumberAndTheChannelStaysUsable() throws Exception
    {
        final IsoTpChannel channel = channel(THERE, IsoTpParams.builder());
        final CanBus peer = rawPeer(0x7E8, false);
        sendRaw(peer, 0x7E0, "1014000102030405");
        assertEquals(0x30, expectFrame(peer).data(0) & 0xFF, "flow control");
        sendRaw(peer, 0x7E0, "2206070809101112");
        assertThrows(WrongSequenceNumberException.class, () -> channel.recv(WAIT));
        sendRaw(peer, 0x7E0, "03AABBCC");
        assertArrayEquals(HexFormat.of().parseHex("AABBCC"), channel.recv(WAIT));
    }

    @Test
    void missingConsecutiveFrameTimesOut() throws Exception
    {
        final IsoTpChannel channel = channel(THERE, IsoTpParams.builder());
        final CanBus peer = rawPeer(0x7E8, false);
        sendRaw(peer, 0x7E0, "1014000102030405");
        expectFrame(peer);
        sendRaw(peer, 0x7E0, "2106070809101112");
        assertThrows(ConsecutiveFrameTimeoutException.class, () -> channel.recv(WAIT));
        sendRaw(peer, 0x7E0, "0142");
        assertArrayEquals(new byte[] {0x42}, channel.recv(WAIT));
    }

    @Test
    void stopSendingReleasesASendWaitingMidTransfer() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder());
        final CanBus peer = rawPeer(0x7E0, false);
        final CompletableFuture<Throwable> sending = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                channel.send(payload(200));
                return null;
            }
            catch (final Exception ex)
            {
                return ex;
            }
        });
        expectFrame(peer);
        sendRaw(peer, 0x7E8, "300100"); // one CF, then wait for a flow control that never comes
        expectFrame(peer);
        assertTrue(channel.transmitting());
        channel.stopSending();
        final Throwable outcome = sending.get(5, TimeUnit.SECONDS);
        assertTrue(outcome instanceof TransferAbortedException, "aborted: " + outcome);
        channel.send(new byte[] {7}, TargetAddressType.PHYSICAL, WAIT);
        final CanFrame next = expectFrame(peer);
        assertArrayEquals(new byte[] {1, 7}, next.dataCopy(), "usable after: " + next);
    }

    @Test
    void stopReceivingAbandonsAReceptionInProgress() throws Exception
    {
        final IsoTpChannel channel = channel(THERE, IsoTpParams.builder());
        final CanBus peer = rawPeer(0x7E8, false);
        sendRaw(peer, 0x7E0, "1010000102030405");
        expectFrame(peer);
        sendRaw(peer, 0x7E0, "2106070809101112");
        channel.stopReceiving();
        sendRaw(peer, 0x7E0, "221314151617");
        assertNull(channel.recv(Duration.ofMillis(300)), "the rest of the abandoned PDU is ignored");
        sendRaw(peer, 0x7E0, "0199");
        assertArrayEquals(new byte[] {(byte)0x99}, channel.recv(WAIT));
    }

    @Test
    void stopReceivingDiscardsAQueuedPdu() throws Exception
    {
        final IsoTpChannel sender = channel(HERE, patient());
        final IsoTpChannel receiver = channel(THERE, patient());
        sender.send(new byte[] {1}); // one only: a second could still be on its way when stopReceiving runs
        assertTrue(awaitAvailable(receiver));
        receiver.stopReceiving();
        assertFalse(receiver.available());
        sender.send(new byte[] {3});
        assertArrayEquals(new byte[] {3}, receiver.recv(WAIT));
    }

    @Test
    void listenModeReceivesWithoutEverSendingFlowControl() throws Exception
    {
        final IsoTpChannel listener = channel(THERE, IsoTpParams.builder().listenMode(true));
        final CanBus peer = rawPeer(0x7E8, false);
        sendRaw(peer, 0x7E0, "100A000102030405");
        sendRaw(peer, 0x7E0, "2106070809");
        assertArrayEquals(HexFormat.of().parseHex("00010203040506070809"), listener.recv(WAIT));
        assertNull(peer.recv(Duration.ofMillis(300)), "no flow control from a listener");
    }

    @Test
    void halfDuplexIgnoresDataWhileSending() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, patient().halfDuplex(true));
        final CanBus peer = rawPeer(0x7E0, false);
        final CompletableFuture<Throwable> sending = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                channel.send(payload(20));
                return null;
            }
            catch (final Exception ex)
            {
                return ex;
            }
        });
        expectFrame(peer);
        sendRaw(peer, 0x7E8, "0111");
        sendRaw(peer, 0x7E8, "300000");
        assertNull(sending.get(10, TimeUnit.SECONDS));
        sendRaw(peer, 0x7E8, "0122");
        assertArrayEquals(new byte[] {0x22}, channel.recv(WAIT), "the single frame sent while sending was ignored");
    }

    // ------------------------------------------------------------------------------------------------ the API

    @Test
    void availableAndRecvWithoutBlockingSeeTheQueue() throws Exception
    {
        final IsoTpChannel sender = channel(HERE, patient());
        final IsoTpChannel receiver = channel(THERE, patient());
        assertFalse(receiver.available());
        assertNull(receiver.recv(false, null));
        sender.send(new byte[] {9, 8});
        assertTrue(awaitAvailable(receiver));
        assertArrayEquals(new byte[] {9, 8}, receiver.recv(false, null));
    }

    @Test
    void recvIntoABufferTooSmallKeepsThePdu() throws Exception
    {
        final IsoTpChannel sender = channel(HERE, patient());
        final IsoTpChannel receiver = channel(THERE, patient());
        sender.send(payload(20));
        assertThrows(IllegalArgumentException.class, () -> receiver.recv(new byte[10], 0, WAIT));
        final byte[] buffer = new byte[30];
        assertEquals(20, receiver.recv(buffer, 5, WAIT));
        assertArrayEquals(payload(20), java.util.Arrays.copyOfRange(buffer, 5, 25));
    }

    @Test
    void sendWithoutWaitingReportsAFailedTransferOnTheNextSend() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder().waitTxDone(false));
        final CanBus peer = rawPeer(0x7E0, false);
        channel.send(payload(100));
        assertTrue(channel.transmitting(), "returned while the transfer waits for flow control");
        expectFrame(peer);
        assertThrows(FlowControlTimeoutException.class, () -> channel.send(new byte[] {1}));
        channel.send(new byte[] {2});
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (channel.transmitting() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertFalse(channel.transmitting(), "a single frame is over at once");
    }

    @Test
    void setAddressMovesTheChannelToOtherIdentifiers() throws Exception
    {
        final IsoTpChannel a = channel(HERE, patient());
        final IsoTpChannel b = channel(IsoTpAddress.normal11(0x701, 0x700), patient());
        a.setAddress(IsoTpAddress.normal11(0x700, 0x701));
        final byte[] data = payload(50);
        a.send(data);
        assertArrayEquals(data, b.recv(WAIT));
        b.send(data);
        assertArrayEquals(data, a.recv(WAIT));
    }

    @Test
    void sendingAndReceivingNeedAStartedChannel() throws Exception
    {
        final IsoTpChannel channel = IsoTpChannel.open(bus().build(), HERE,
            IsoTpParams.builder().backend(backend()).build());
        resources.add(channel);
        assertThrows(IllegalStateException.class, () -> channel.send(new byte[] {1}));
        assertThrows(IllegalStateException.class, () -> channel.recv(Duration.ZERO));
        channel.start();
        channel.stop();
        assertFalse(channel.isStarted());
        channel.start();
        assertTrue(channel.isStarted());
    }

    @Test
    void closedChannelRefusesEveryCall() throws Exception
    {
        final IsoTpChannel channel = channel(HERE, IsoTpParams.builder());
        channel.close();
        assertThrows(BusClosedException.class, () -> channel.send(new byte[] {1}));
        assertThrows(BusClosedException.class, () -> channel.recv(Duration.ZERO));
        assertThrows(BusClosedException.class, channel::start);
        channel.close();
    }

    @Test
    void closeWakesABlockedRecv() throws Exception
    {
        final IsoTpChannel channel = channel(THERE, IsoTpParams.builder());
        final CompletableFuture<Throwable> receiving = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return channel.recv(Duration.ofSeconds(30)) == null ? null : new AssertionError("a PDU?");
            }
            catch (final Exception ex)
            {
                return ex;
            }
        });
        Thread.sleep(200);
        final long start = System.nanoTime();
        channel.close();
        final Throwable outcome = receiving.get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "woken at once, not at the timeout");
        assertTrue(outcome == null || outcome instanceof BusClosedException, "woken: " + outcome);
    }

    private static boolean awaitAvailable(final IsoTpChannel channel) throws Exception
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!channel.available())
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
