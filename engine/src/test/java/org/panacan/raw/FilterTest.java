package org.panacan.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFilter;
import org.panacan.CanFrame;
import org.panacan.testing.SocketCanTest;

/** Kernel filters deliver exactly what they say; checked against what the kernel hands over. */
@SocketCanTest
class FilterTest
{
    private CanBus sender;

    @BeforeEach
    void open() throws Exception
    {
        sender = CanBus.open("vcan0");
    }

    @AfterEach
    void close()
    {
        sender.close();
    }

    /** Sends every probe, then returns the ids (with 'x' for extended) the receiver got. */
    private List<String> deliveredBy(final CanBus receiver) throws Exception
    {
        for (final CanFrame probe : List.of(CanFrame.of(0x100), CanFrame.of(0x101), CanFrame.of(0x200),
            CanFrame.extended(0x100), CanFrame.extended(0x1_0100), CanFrame.remote(0x100, false, 0)))
        {
            sender.send(probe);
        }
        sender.send(CanFrame.of(0x7FF)); // end marker: passes every filter below except where noted
        final List<String> ids = new ArrayList<>();
        while (true)
        {
            final CanFrame frame = receiver.recv(java.time.Duration.ofMillis(500));
            if (frame == null)
            {
                return ids;
            }
            ids.add(String.format("%X%s%s", frame.id(), frame.isExtended() ? "x" : "", frame.isRemote() ? "r" : ""));
        }
    }

    @Test
    void standardFilterPassesMatchingStandardFramesOnly() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0")
            .filters(CanFilter.standard(0x100, 0x7FF), CanFilter.standard(0x7FF, 0x7FF)).build()))
        {
            assertEquals(List.of("100", "100r", "7FF"), deliveredBy(receiver));
        }
    }

    @Test
    void extendedFilterPassesMatchingExtendedFramesOnly() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0")
            .filters(CanFilter.extended(0x100, 0xFFF)).build()))
        {
            assertEquals(List.of("100x", "10100x"), deliveredBy(receiver));
        }
    }

    @Test
    void dataOnlyFilterRejectsRemoteFrames() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0")
            .filters(CanFilter.standard(0x100, 0x7FF).remote(false)).build()))
        {
            assertEquals(List.of("100"), deliveredBy(receiver));
        }
    }

    @Test
    void invertedFilterPassesEverythingElse() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0")
            .filters(CanFilter.standard(0x100, 0x7FF).inverted()).build()))
        {
            assertEquals(List.of("101", "200", "100x", "10100x", "7FF"), deliveredBy(receiver));
        }
    }

    @Test
    void joinedFiltersMustAllPass() throws Exception
    {
        try (CanBus receiver = CanBus.open(BusConfig.socketCan("vcan0")
            .filters(CanFilter.anyFormat(0x100, 0x100), CanFilter.standard(0x101, 0x7FF).inverted())
            .joinFilters(true).build()))
        {
            assertEquals(List.of("100", "100x", "10100x", "100r", "7FF"), deliveredBy(receiver));
        }
    }

    @Test
    void filtersCanBeReplacedWhileOpen() throws Exception
    {
        try (CanBus receiver = CanBus.open("vcan0"))
        {
            receiver.setFilters(CanFilter.standard(0x200, 0x7FF));
            assertEquals(List.of("200"), deliveredBy(receiver));
            receiver.setFilters();
            assertEquals(7, deliveredBy(receiver).size(), "no filter passes everything again");
        }
    }

    @Test
    void fiveHundredTwelveFiltersAreAccepted() throws Exception
    {
        final List<CanFilter> filters = new ArrayList<>();
        for (int i = 0; i < 512; i++)
        {
            filters.add(CanFilter.standard(0x400 + i, 0x7FF));
        }
        filters.set(0, CanFilter.standard(0x200, 0x7FF));
        filters.set(511, CanFilter.standard(0x7FF, 0x7FF));
        try (CanBus receiver = CanBus.open("vcan0"))
        {
            receiver.setFilters(filters, false);
            assertEquals(List.of("200", "7FF"), deliveredBy(receiver));
        }
    }
}
