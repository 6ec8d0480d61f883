package org.panacan.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panacan.FrameFlags;

class AscLogTest
{
    /** What can-utils' log2asc (2025.01) writes for candump-sample.log with TZ=UTC and {@code log2asc vcan0 vcan1}. */
    private static final String ASC = resource("log2asc-sample.asc");
    private static final String LOG = resource("candump-sample.log");

    @Test
    void writesWhatLog2ascWrites() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CandumpLogReader reader = CandumpLogTest.reader(LOG);
            AscLogWriter writer = new AscLogWriter(out, ZoneOffset.UTC, List.of("vcan0", "vcan1")))
        {
            for (LoggedFrame frame = reader.next(); frame != null; frame = reader.next())
            {
                writer.write(frame, frame.interfaceName());
            }
        }
        assertEquals(ASC, out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void readsWhatLog2ascWritesBackToTheSameFrames() throws IOException
    {
        final String expected = LOG.replace("vcan0", "can0").replace("vcan1", "can1")
            .replace(" T\n", "\n")
            // ASC has no flags nibble: FD frames read back as candump writes them today, with FDF (as asc2log)
            .replace("##1", "##5").replace("##3", "##7").replace("##2", "##6")
            // ASC error frames carry no detail: asc2log reads them as a bus error
            .replace("20000004#0004000000000000", "20000080#0000000000000000");
        assertEquals(expected, toCandump(ASC, CandumpFormat.DEFAULT));
    }

    @Test
    void directionsReadAsTheLocalOriginBit() throws IOException
    {
        final List<LoggedFrame> frames = new ArrayList<>();
        try (AscLogReader reader = reader(ASC))
        {
            frames.add(copy(reader.next()));
            frames.add(copy(reader.next()));
        }
        assertTrue(frames.get(0).hasDirectionMarker());
        assertFalse(frames.get(0).isLocalOrigin());
        assertTrue(frames.get(1).isLocalOrigin());
    }

    @Test
    void readsVectorLogsWithSymbolicNamesOtherEventsAndCanXlClassicFrames() throws IOException
    {
        assertEquals(resource("vector-sample.log"),
            toCandump(resource("vector-sample.asc"), CandumpFormat.DEFAULT.withDirectionMarker(true)));
    }

    @Test
    void relativeTimestampsAndDecimalBase() throws IOException
    {
        final String asc = """
            date Thu Jan  1 00:00:10 1970
            base dec  timestamps relative
               1.5 1  291             Rx   d 2 1 255
               0.25 1  291x            Rx   r
            """;
        final String expected = """
            (0000000011.500000) can0 123#01FF
            (0000000011.750000) can0 00000123#R
            """;
        assertEquals(expected, toCandump(asc, CandumpFormat.DEFAULT));
    }

    @Test
    void readsTheGermanDateForm()
    {
        assertEquals(1_647_339_821_123_000_000L,
            AscLogReader.parseDate("Di Mär 15 10:23:41.123 2022", ZoneOffset.UTC));
        assertEquals(0, AscLogReader.parseDate("not a date", ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0} -> column {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "0.010000 1  123             Rx   q 8                      | 34 | expected the frame type d (data) or r"
            + " (remote)",
        "0.010000 1  123             Rx   d 4 01 02                | 43 | expected 4 data bytes, found 2",
        "0.010000 1  123             Rx   d 2 01 2G3               | 41 | malformed data byte",
        "0.010000 1  800             Rx   d 0                      | 13 | 11-bit CAN id exceeds 7FF",
        "0.010000 1  123             Rx   d                        | 35 | missing the DLC",
        "0.010000 1  123             Rx   d G                      | 36 | expected a DLC 0..F",
        "0.1.2 1  123 Rx d 0                                       | 1  | malformed timestamp (expected seconds '.'"
            + " 1 to 9 decimal places)",
        "0.01 CANFD   1 Rx 123 1 0 9 11 00                         | 34 | expected 11 data bytes, found 1",
        "0.01 CANFD   1 Rx 123 1 0 9 11 00 01 02 03 04 05 06 07 08 09 0A 1 2"
            + "                                                              | 68 | missing the flags field",
        "0.01 CANXL   1 Rx XLFF 1 2 123 0 1 1 00                   | 19 | CAN XL frames are not supported"})
    void malformedFrameLinesNameLineColumnAndReason(final String line, final int column, final String reason)
    {
        final String asc =
            "date Thu Jan  1 00:00:10 1970\nbase hex  timestamps absolute\n" + line.stripTrailing() + "\n";
        final FrameSyntaxException failure = assertThrows(FrameSyntaxException.class, () -> toCandump(asc,
            CandumpFormat.DEFAULT));
        assertEquals(3, failure.line());
        assertEquals(reason, failure.reason());
        assertEquals(column, failure.column(), failure.getMessage());
    }

    @Test
    void anEmptyLogHasNoFrames() throws IOException
    {
        try (AscLogReader reader = reader("date Thu Jan  1 00:00:10 1970\n"))
        {
            assertNull(reader.next());
        }
    }

    @Test
    void framesOfEveryKindSurviveAWriteAndRead() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AscLogWriter writer = new AscLogWriter(out, ZoneOffset.UTC, List.of()))
        {
            final LoggedFrame frame = new LoggedFrame();
            frame.frame(0x1234, FrameFlags.EXTENDED | FrameFlags.FD | FrameFlags.BRS, 64, 0);
            for (int i = 0; i < 64; i++)
            {
                frame.dataBuffer()[i] = (byte)i;
            }
            writer.write(frame, "vcan7", 5_000_000_123_456L);
        }
        try (AscLogReader reader = new AscLogReader(new StringReader(out.toString(StandardCharsets.US_ASCII)),
            ZoneOffset.UTC, channel -> "vcan" + (channel + 6)))
        {
            final LoggedFrame frame = reader.next();
            assertEquals("vcan7", frame.interfaceName());
            // as with log2asc, the date line has whole seconds and offsets count from the first frame
            assertEquals(5_000_000_000_000L, frame.timestampNanos());
            assertEquals(64, frame.length());
            assertEquals(63, frame.data(63));
            assertEquals(FrameFlags.EXTENDED | FrameFlags.FD | FrameFlags.BRS, frame.flags() & FrameFlags.WIRE_MASK);
        }
    }

    static String resource(final String name)
    {
        try (var in = AscLogTest.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static LoggedFrame copy(final LoggedFrame frame)
    {
        final LoggedFrame copy = new LoggedFrame();
        copy.frame(frame.id(), frame.flags(), frame.length(), frame.len8Dlc());
        if (frame.hasDirectionMarker())
        {
            copy.localOrigin(frame.isLocalOrigin());
        }
        return copy;
    }

    private static AscLogReader reader(final String asc)
    {
        return new AscLogReader(new StringReader(asc), ZoneOffset.UTC, AscLogReader::defaultInterfaceName);
    }

    private static String toCandump(final String asc, final CandumpFormat format) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AscLogReader reader = reader(asc); CandumpLogWriter writer = new CandumpLogWriter(out, format))
        {
            for (LoggedFrame frame = reader.next(); frame != null; frame = reader.next())
            {
                writer.write(frame, frame.interfaceName());
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
