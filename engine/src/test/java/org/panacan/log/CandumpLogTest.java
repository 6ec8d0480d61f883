package org.panacan.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panacan.CanFrame;
import org.panacan.FrameFlags;
import org.panacan.TimestampSource;

class CandumpLogTest
{
    /** Lines as candump -L prints them (can-utils lib.c / candump.c), every frame kind. */
    private static final String LOG = """
        (1700000000.000000) vcan0 123#DEADBEEF
        (1700000000.012345) vcan0 1F334455#1122334455667788
        (1700000000.100000) vcan1 123#R
        (1700000000.200000) vcan0 00000123#R3
        (1700000000.300000) vcan0 333#R8_E
        (1700000000.400000) vcan0 1F334455#1122334455667788_B
        (1700000000.500000) vcan0 123##1DEADBEEF
        (1700000000.600000) vcan1 12345678##3000102030405060708090A0B
        (1700000000.700000) vcan0 20000004#0004000000000000
        (1700000001.000001) vcan0 7FF#
        (1700000002.000000) vcan0 123##2
        """;

    @Test
    void readingAndWritingReproducesCandumpOutputByteForByte() throws IOException
    {
        assertEquals(LOG, rewrite(LOG, CandumpFormat.DEFAULT));
    }

    @Test
    void fdFlagsAreWrittenWithFdfAsCandumpDoesTodayButLoggedFramesKeepTheirNibble() throws IOException
    {
        final CanFrame frame = CanFrame.fd(0x123, FrameFlags.BRS, (byte)0xAA);
        assertEquals("(0000000000.000000) can0 123##5AA", CandumpFormat.DEFAULT.format(frame, "can0", 0));
        assertEquals("(0000000000.000000) can0 123##1AA",
            CandumpFormat.DEFAULT.withMarkFdf(false).format(frame, "can0", 0));
        final String log = "(0000000001.000000) can0 123##1AA\n(0000000001.000000) can0 123##5AA\n"
            + "(0000000001.000000) can0 123##0\n";
        assertEquals(log, rewrite(log, CandumpFormat.DEFAULT));
        assertEquals(log, rewrite(log, CandumpFormat.DEFAULT.withMarkFdf(false)));
    }

    @Test
    void readsEveryFrameWithTimestampAndInterface() throws IOException
    {
        final List<CanFrame> frames = readAll(LOG);
        assertEquals(11, frames.size());
        assertEquals(CanFrame.of(0x123, (byte)0xDE, (byte)0xAD, (byte)0xBE, (byte)0xEF), frames.get(0));
        assertEquals(1_700_000_000_012_345_000L, frames.get(1).timestampNanos());
        assertEquals(TimestampSource.SOFTWARE, frames.get(1).timestampSource());
        assertEquals("vcan1", frames.get(2).interfaceName());
        assertTrue(frames.get(8).isError());
        assertEquals(FrameFlags.FD | FrameFlags.EXTENDED | FrameFlags.BRS | FrameFlags.ESI, frames.get(7).flags());
    }

    @Test
    void writesTheTimestampAsCandumpDoes() throws IOException
    {
        final CanFrame frame = CanFrame.of(0x1);
        assertEquals("(0000000000.000000) can0 001#", CandumpFormat.DEFAULT.format(frame, "can0", 0));
        assertEquals("(0000000001.000001) can0 001#", CandumpFormat.DEFAULT.format(frame, "can0", 1_000_001_999L));
        assertEquals("(0000000001.000001999) can0 001#",
            CandumpFormat.DEFAULT.withNanoseconds(true).format(frame, "can0", 1_000_001_999L));
    }

    @Test
    void padsInterfaceNamesLikeCandumpWithSeveralInterfaces()
    {
        assertEquals("(0000000000.000000)  vcan0 001#",
            CandumpFormat.DEFAULT.withInterfaceWidth(6).format(CanFrame.of(1), "vcan0", 0));
    }

    @Test
    void directionMarkerSaysWhetherTheFrameWasSentFromThisHost() throws IOException
    {
        final CandumpFormat format = CandumpFormat.DEFAULT.withDirectionMarker(true);
        final CanFrame local = CanFrame.builder().id(1).flags(FrameFlags.LOCAL).build();
        assertEquals("(0000000000.000000) can0 001# T", format.format(local, "can0", 0));
        assertEquals("(0000000000.000000) can0 001# R", format.format(CanFrame.of(1), "can0", 0));

        try (CandumpLogReader reader = reader("(1.000000) can0 001# T\n(1.000000) can0 001# R\n(1.000000) can0 001#\n"))
        {
            LoggedFrame frame = reader.next();
            assertTrue(frame.hasDirectionMarker());
            assertTrue(frame.isLocalOrigin());
            frame = reader.next();
            assertTrue(frame.hasDirectionMarker());
            assertFalse(frame.isLocalOrigin());
            frame = reader.next();
            assertFalse(frame.hasDirectionMarker());
        }
    }

    @Test
    void readsNanosecondTimestamps() throws IOException
    {
        try (CandumpLogReader reader = reader("(1700000000.123456789) can0 123#\n"))
        {
            assertEquals(1_700_000_000_123_456_789L, reader.next().timestampNanos());
        }
    }

    @Test
    void skipsCommentsAcceptsCrLfAndALastLineWithoutLineFeed() throws IOException
    {
        final String log = "DROPCOUNT: dropped 1 CAN frame on 'can0' socket (total drops 1)\r\n\r\n"
            + "# a comment\n(1.000000) can0 123#11\r\n (not a frame: canplayer needs '(' first)\n"
            + "(2.000000)\tcan1\t456#22";
        try (CandumpLogReader reader = reader(log))
        {
            LoggedFrame frame = reader.next();
            assertEquals("123#11", CanSendSyntax.format(frame));
            assertEquals(4, frame.lineNumber());
            frame = reader.next();
            assertEquals("can1", frame.interfaceName());
            assertEquals("456#22", CanSendSyntax.format(frame));
            assertEquals(6, frame.lineNumber());
            assertNull(reader.next());
        }
    }

    @Test
    void reusesOneFrameAndOneNamePerInterface() throws IOException
    {
        try (CandumpLogReader reader = reader("(1.000000) can0 123#11\n(2.000000) can0 124#\n"))
        {
            final LoggedFrame first = reader.next();
            final String name = first.interfaceName();
            final LoggedFrame second = reader.next();
            assertSame(first, second);
            assertSame(name, second.interfaceName());
            assertEquals("124#", CanSendSyntax.format(second));
        }
    }

    @ParameterizedTest(name = "{0} -> column {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "(1.5) can0 123#                      | 4  | the timestamp needs 6 or 9 decimal places, not 1",
        "(1.1234567) can0 123#                | 4  | the timestamp needs 6 or 9 decimal places, not 7",
        "(.000000) can0 123#                  | 2  | expected the timestamp's seconds (1 to 11 digits)",
        "(1,000000) can0 123#                 | 3  | expected '.' in the timestamp",
        "(1.000000 can0 123#                  | 10 | expected ')' after the timestamp",
        "(1.000000)can0 123#                  | 11 | expected a blank before the interface name",
        "(1.000000) can0                      | 16 | missing the frame",
        "(1.000000) averyveryverylongname 1#  | 12 | interface name longer than 15 characters",
        "(1.000000) can0 123#DEADBEE          | 27 | odd number of hex digits in the payload",
        "(1.000000) can0 123#11 X             | 24 | unexpected text after the frame (only a direction marker R or T"
            + " may follow)",
        "(1.000000) can0 123#11 T extra       | 26 | unexpected text after the direction marker"})
    void malformedLineNamesLineColumnAndReason(final String line, final int column, final String reason)
    {
        final String log = "(0.000000) can0 001#\n# comment\n" + line.strip() + "\n";
        final FrameSyntaxException failure = assertThrows(FrameSyntaxException.class, () -> readAll(log));
        assertEquals(3, failure.line());
        assertEquals(column, failure.column(), failure.getMessage());
        assertEquals(reason, failure.reason());
        assertEquals(line.strip(), failure.text());
        assertTrue(failure.getMessage().startsWith("line 3, column " + column + ": "), failure.getMessage());
    }

    @Test
    void refusesAbsurdlyLongLines()
    {
        final String log = "(" + "1".repeat(LineReader.MAX_LINE_LENGTH + 10) + "\n";
        final FrameSyntaxException failure = assertThrows(FrameSyntaxException.class, () -> readAll(log));
        assertEquals(1, failure.line());
    }

    @Test
    void streamsLogsLargerThanAnyBufferWithoutAllocatingPerFrame() throws IOException
    {
        final int lines = 200_000;
        final CandumpLogWriter writer = new CandumpLogWriter(OutputStreamSink.INSTANCE, CandumpFormat.DEFAULT);
        final CanFrame frame = CanFrame.fd(0x123, FrameFlags.BRS, new byte[64]);
        long count = 0;
        try (CandumpLogReader reader = new CandumpLogReader(new GeneratedLog(lines)))
        {
            final long before = allocatedBytes();
            for (LoggedFrame read = reader.next(); read != null; read = reader.next())
            {
                writer.write(read, read.interfaceName());
                writer.write(frame, "vcan0", read.timestampNanos());
                count++;
            }
            final long allocated = allocatedBytes() - before;
            assertTrue(allocated < 1 << 20, "reading and writing " + lines + " frames allocated " + allocated + " B");
        }
        assertEquals(lines, count);
        assertEquals(2L * lines, writer.framesWritten());
    }

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static String rewrite(final String log, final CandumpFormat format) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CandumpLogReader reader = reader(log); CandumpLogWriter writer = new CandumpLogWriter(out, format))
        {
            for (LoggedFrame frame = reader.next(); frame != null; frame = reader.next())
            {
                writer.write(frame, frame.interfaceName());
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    static List<CanFrame> readAll(final String log) throws IOException
    {
        final List<CanFrame> frames = new ArrayList<>();
        try (CandumpLogReader reader = reader(log))
        {
            for (LoggedFrame frame = reader.next(); frame != null; frame = reader.next())
            {
                frames.add(frame.toFrame());
            }
        }
        return frames;
    }

    static CandumpLogReader reader(final String log)
    {
        return new CandumpLogReader(new StringReader(log));
    }

    /** A log of {@code lines} CAN FD lines produced on the fly: larger than any buffer, never held whole. */
    static final class GeneratedLog extends Reader
    {
        private static final char[] LINE = ("(1700000000.000000) vcan0 12345678##1" + "AB".repeat(64) + "\n")
            .toCharArray();
        private long remaining;

        GeneratedLog(final long lines)
        {
            remaining = lines * LINE.length;
        }

        @Override
        public int read(final char[] buffer, final int offset, final int length)
        {
            if (remaining == 0)
            {
                return -1;
            }
            final int count = (int)Math.min(length, remaining);
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = LINE[(int)((LINE.length - remaining % LINE.length + i) % LINE.length)];
            }
            remaining -= count;
            return count;
        }

        @Override
        public void close()
        {
        }
    }

    /** Discards output. */
    static final class OutputStreamSink extends java.io.OutputStream
    {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(final int b)
        {
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length)
        {
        }
    }
}
