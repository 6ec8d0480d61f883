package org.panacan.isotp.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.panacan.Dlc;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.PduQueue;

/**
 * Fuzzes the pure-Java receive path (the kernel-style dispatch, reassembly, flow control, and the transmit side's
 * flow control handling) with 1.25 million random and mutated frames under five configurations: a fixed seed and a
 * fixed frame budget, so it runs as an ordinary unit test. Checked: no exception escapes, nothing hangs (the
 * timeout), the queue stays within its bounds, and the protocol allocates nothing at all while doing it, so its
 * memory cannot grow.
 */
class IsoTpReceiverFuzzTest
{
    private static final int FRAMES_PER_CONFIGURATION = 250_000;
    private static final long SEED = 0x15_0765_2L;
    private static final int RX_ID = 0x7E0;
    private static final int FUNCTIONAL_ID = 0x18DB_F100 | 0x8000_0000;

    private final byte[] frame = new byte[64];
    private final MemorySegment frameSegment = MemorySegment.ofArray(frame);
    private final byte[] pdu = new byte[IsoTpParams.DEFAULT_MAX_PDU_LENGTH];
    private final byte[] payload = new byte[IsoTpParams.DEFAULT_MAX_PDU_LENGTH];

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void randomAndMutatedFramesNeverThrowHangOrAllocate()
    {
        final IsoTpParams[] configurations = {
            IsoTpParams.builder().build(),
            IsoTpParams.builder().fd(64).blockSize(3).stmin(Duration.ofNanos(300_000)).build(),
            IsoTpParams.builder().rxPadding(0xCC).checkPaddingLength(true).checkPaddingData(true).txPadding()
                .maxPduLength(600).build(),
            IsoTpParams.builder().listenMode(true).halfDuplex(true).wftmax(2).build(),
            IsoTpParams.builder().fd(16).rxStminMinimum(Duration.ofNanos(100_000)).dynamicFlowControl(true)
                .blockSize(1).build(),
        };
        final IsoTpAddress[] addresses = {
            IsoTpAddress.normal11(0x7E8, RX_ID),
            IsoTpAddress.extended11(0x7E8, RX_ID, 0x11, 0x22),
            IsoTpAddress.normal11(0x7E8, RX_ID),
            IsoTpAddress.mixed11(0x7E8, RX_ID, 0x33),
            IsoTpAddress.normal11(0x7E8, RX_ID),
        };
        final SplittableRandom random = new SplittableRandom(SEED);
        long totalFrames = 0;
        long pdus = 0;
        for (int c = 0; c < configurations.length; c++)
        {
            final Fuzzer fuzzer = new Fuzzer(addresses[c], configurations[c], random.split());
            fuzzer.run(FRAMES_PER_CONFIGURATION / 10); // warm up: JIT, lambdas, class loading
            final long allocatedBefore = allocatedBytes();
            fuzzer.run(FRAMES_PER_CONFIGURATION - FRAMES_PER_CONFIGURATION / 10);
            final long allocated = allocatedBytes() - allocatedBefore;
            assertTrue(allocated < 64 * 1024, "configuration " + c + " allocated " + allocated + " bytes");
            assertEquals(0, fuzzer.queue.drops() - fuzzer.dropsAllowed, "the consumer keeps the queue drained");
            totalFrames += fuzzer.frames;
            pdus += fuzzer.delivered;
        }
        assertTrue(totalFrames >= 1_000_000, totalFrames + " frames");
        assertTrue(pdus > 1_000, "the mutations still let PDUs through: " + pdus);
    }

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private final class Fuzzer
    {
        final PduQueue queue = new PduQueue(1 << 16);
        final RecordingSink sink = new CountingSink();
        final IsoTpProtocol protocol;
        final IsoTpParams params;
        final IsoTpAddress address;
        final SplittableRandom random;
        final int ae;
        long now = 1_000_000_000L;
        long frames;
        long delivered;
        long dropsAllowed;
        int sequence;
        int remaining;

        Fuzzer(final IsoTpAddress address, final IsoTpParams params, final SplittableRandom random)
        {
            this.address = address;
            this.params = params;
            this.random = random;
            this.ae = address.rxAddressLength();
            this.protocol = new IsoTpProtocol(address, params, sink, queue);
        }

        void run(final int count)
        {
            for (int i = 0; i < count; i++)
            {
                final int length = nextFrame();
                final boolean fdFrame = params.fd() ? random.nextInt(20) != 0 : random.nextInt(50) == 0;
                final int id = random.nextInt(30) == 0 ? FUNCTIONAL_ID : random.nextInt(40) == 0 ? 0x123 : RX_ID;
                protocol.onFrame(id, fdFrame, frameSegment, 0, length, now, now);
                frames++;
                now += random.nextInt(20) == 0 ? random.nextLong(2_000_000_000L) : random.nextInt(2_000_000);
                protocol.service(now);
                if (random.nextInt(500) == 0 && protocol.segmenter.idle())
                {
                    final int size = 1 + random.nextInt(params.maxPduLength());
                    protocol.segmenter.start(payload, 0, size, 0x7E8, now);
                }
                else if (random.nextInt(2_000) == 0)
                {
                    protocol.segmenter.abort();
                }
                drain();
            }
        }

        private void drain()
        {
            int header;
            while ((header = queue.peek()) != PduQueue.EMPTY)
            {
                if (header >= 0)
                {
                    queue.take(pdu, 0);
                    delivered++;
                }
                else
                {
                    queue.skip();
                }
            }
        }

        /** Writes the next frame into {@code frame}; returns its length. */
        private int nextFrame()
        {
            final int kind = random.nextInt(10);
            final int length;
            if (kind < 4)
            {
                length = plausibleFrame();
            }
            else
            {
                length = randomLength();
                for (int i = 0; i < length; i++)
                {
                    frame[i] = (byte)random.nextInt(256);
                }
                if (kind < 8)
                {
                    frame[ae] = (byte)((random.nextInt(5) << 4) | random.nextInt(16)); // mostly known PCI types
                }
            }
            if (ae != 0 && length > 0 && random.nextInt(10) != 0)
            {
                frame[0] = (byte)address.rxAddressByte();
            }
            if (random.nextInt(8) == 0)
            {
                frame[random.nextInt(64)] ^= (byte)(1 << random.nextInt(8)); // bit flip anywhere
            }
            return random.nextInt(30) == 0 ? Math.max(0, length - 1 - random.nextInt(3)) : length;
        }

        /** A frame that follows the protocol: SF, FF, the next CF, or FC. */
        private int plausibleFrame()
        {
            final int dataLength = params.txDataLength();
            final int choice = random.nextInt(10);
            if (choice < 2)
            {
                final int size = 1 + random.nextInt(Math.min(7 - ae, 7));
                frame[ae] = (byte)size;
                fill(ae + 1, size);
                return ae + 1 + size;
            }
            if (choice < 4 || remaining <= 0)
            {
                final int size = random.nextInt(4) == 0 ? random.nextInt(70_000) : 8 + random.nextInt(700);
                remaining = size - (dataLength - ae - 2);
                sequence = 1;
                frame[ae] = (byte)(0x10 | (size >> 8 & 0x0F));
                frame[ae + 1] = (byte)size;
                fill(ae + 2, dataLength - ae - 2);
                return dataLength;
            }
            if (choice < 9)
            {
                final int carried = Math.min(remaining, dataLength - ae - 1);
                remaining -= carried;
                frame[ae] = (byte)(0x20 | (random.nextInt(15) == 0 ? random.nextInt(16) : sequence));
                sequence = (sequence + 1) & 0x0F;
                fill(ae + 1, carried);
                final int length = ae + 1 + carried;
                return length <= 8 ? length : Dlc.fdRoundUp(length);
            }
            frame[ae] = (byte)(0x30 | random.nextInt(4));
            frame[ae + 1] = (byte)random.nextInt(4);
            frame[ae + 2] = (byte)(random.nextBoolean() ? random.nextInt(3) : 0xF1 + random.nextInt(9));
            return ae + 3;
        }

        private void fill(final int from, final int count)
        {
            for (int i = from; i < from + count && i < frame.length; i++)
            {
                frame[i] = (byte)random.nextInt(256);
            }
        }

        private int randomLength()
        {
            if (params.fd() && random.nextBoolean())
            {
                return Dlc.fdLength(random.nextInt(16));
            }
            return random.nextInt(9);
        }
    }

    /** Counts instead of keeping: the fuzzer's sink must not grow either. */
    private static final class CountingSink extends RecordingSink
    {
        long sent;

        @Override
        public boolean send(final int idWord, final byte[] frame, final int length)
        {
            sent++;
            return true;
        }

        @Override
        public void add(final int idWord, final byte[] frame, final int length)
        {
            sent++;
        }

        @Override
        public boolean flush()
        {
            return true;
        }
    }
}
