package org.panacan.isotp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The STmin byte: 0..127 ms, 100..900 µs as 0xF1..0xF9, reserved values as 127 ms. */
class SeparationTimeTest
{
    @Test
    void millisecondsEncodeAsThemselves()
    {
        assertEquals(0x00, SeparationTime.encode(Duration.ZERO));
        assertEquals(0x05, SeparationTime.encode(Duration.ofMillis(5)));
        assertEquals(0x7F, SeparationTime.encode(Duration.ofMillis(127)));
    }

    @Test
    void hundredsOfMicrosecondsEncodeAsF1ToF9()
    {
        assertEquals(0xF1, SeparationTime.encode(Duration.ofNanos(100_000)));
        assertEquals(0xF5, SeparationTime.encode(Duration.ofNanos(500_000)));
        assertEquals(0xF9, SeparationTime.encode(Duration.ofNanos(900_000)));
    }

    @Test
    void bytesDecodeToTheSeparationASenderKeeps()
    {
        assertEquals(5_000_000, SeparationTime.nanos(0x05));
        assertEquals(500_000, SeparationTime.nanos(0xF5));
        assertEquals(127_000_000, SeparationTime.nanos(0x80), "reserved: the longest");
        assertEquals(127_000_000, SeparationTime.nanos(0xFA));
        assertEquals(127_000_000, SeparationTime.nanos(0xF0));
    }

    @Test
    void reservedBytesAreTheOnesOutsideBothRanges()
    {
        assertTrue(SeparationTime.isValid(0x7F));
        assertTrue(SeparationTime.isValid(0xF1));
        assertFalse(SeparationTime.isValid(0x80));
        assertFalse(SeparationTime.isValid(0xFA));
        assertEquals(0x7F, SeparationTime.sanitize(0xF0));
        assertEquals(0xF9, SeparationTime.sanitize(0xF9));
    }
}
