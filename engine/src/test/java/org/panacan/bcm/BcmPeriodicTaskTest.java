package org.panacan.bcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.testing.RequiresSocketCan;
import org.panacan.testing.SocketCanTest;

/** Periodic tasks on SocketCAN: the kernel's Broadcast Manager, measured from a second socket's kernel stamps. */
@SocketCanTest
class BcmPeriodicTaskTest extends PeriodicTaskContract
{
    @Override
    CanBus openSender() throws Exception
    {
        return CanBus.open(BusConfig.socketCan(RequiresSocketCan.VCAN0).fd(true).build());
    }

    @Override
    CanBus openReceiver() throws Exception
    {
        return CanBus.open(BusConfig.socketCan(RequiresSocketCan.VCAN0).fd(true).build());
    }

    @Override
    boolean kernelScheduled()
    {
        return true;
    }

    /** 100 ms: the test VM's timer latency on a busy host is milliseconds, and each late expiry adds to the mean. */
    @Override
    Duration period()
    {
        return Duration.ofMillis(100);
    }

    /** The kernel's own view of this process's BCM ops: /proc/net/can-bcm/ has one file per BCM socket. */
    private static String bcmOps() throws Exception
    {
        final Path dir = Path.of("/proc/net/can-bcm");
        final StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    @Test
    void rejectedInputLeavesNoOpInTheKernel() throws Exception
    {
        final PeriodicTask running = sender.sendPeriodic(frame(1), period); // opens the BCM socket
        final String before = bcmOps();
        assertThrows(IllegalArgumentException.class,
            () -> sender.sendPeriodic(Collections.nCopies(257, frame(2)), period));
        assertThrows(IllegalArgumentException.class,
            () -> sender.sendPeriodic(List.of(frame(2), CanFrame.fd(ID, 0, (byte)1)), period));
        assertThrows(IllegalArgumentException.class, () -> sender.sendPeriodic(List.of(), period));
        assertThrows(IllegalArgumentException.class, () -> sender.sendPeriodic(frame(2), Duration.ofDays(500)));
        assertThrows(IllegalArgumentException.class, () -> running.modifyData(List.of(frame(1), frame(2))));
        assertThrows(IllegalArgumentException.class, () -> sender.watch(ID, WatchOptions.changesUnder()));
        assertEquals(before.lines().filter(l -> l.contains("tx_op") || l.contains("rx_op")).count(),
            bcmOps().lines().filter(l -> l.contains("tx_op") || l.contains("rx_op")).count(),
            "same ops before and after:\n" + before + "\n---\n" + bcmOps());
        running.stop();
    }

    @Test
    void periodicTasksNeedABusBoundToOneInterface() throws Exception
    {
        try (CanBus any = CanBus.open(BusConfig.socketCan(BusConfig.ANY_INTERFACE).build()))
        {
            assertThrows(IllegalArgumentException.class, () -> any.sendPeriodic(frame(1), period));
        }
    }
}
