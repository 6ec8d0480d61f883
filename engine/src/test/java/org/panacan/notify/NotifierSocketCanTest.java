package org.panacan.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.FrameView;
import org.panacan.NetworkDownException;
import org.panacan.netlink.CanInterfaces;
import org.panacan.netlink.CanLink;
import org.panacan.testing.RequiresSocketCan;
import org.panacan.testing.SocketCanTest;

/** The notifier as the consumer of real CAN_RAW sockets: several buses, and a bus whose interface goes down. */
@SocketCanTest
class NotifierSocketCanTest
{
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void oneBlockingNotifierServesTwoInterfacesAndNamesThemInItsCopies() throws Exception
    {
        final BufferedReader reader = new BufferedReader();
        try (CanBus vcan0 = CanBus.open(RequiresSocketCan.VCAN0);
            CanBus vcan1 = CanBus.open(RequiresSocketCan.VCAN1);
            CanBus sender0 = CanBus.open(RequiresSocketCan.VCAN0);
            CanBus sender1 = CanBus.open(RequiresSocketCan.VCAN1);
            Notifier notifier = Notifier.builder().buses(vcan0, vcan1).listener(reader).start())
        {
            for (int id = 0; id < 100; id++)
            {
                sender0.send(CanFrame.of(0x100 + id));
                sender1.send(CanFrame.of(0x200 + id));
            }

            final List<CanFrame> frames = new ArrayList<>();
            while (frames.size() < 200)
            {
                final CanFrame frame = reader.poll(WAIT);
                assertTrue(frame != null, "only " + frames.size() + " of 200 frames arrived");
                frames.add(frame);
            }
            assertEquals(List.of(), frames.stream().filter(f -> f.id() < 0x200 != f.interfaceName().equals("vcan0"))
                .toList(), "each frame names the interface it came from");
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (notifier.framesDispatched() < 200 && System.nanoTime() - deadline < 0)
            {
                Thread.onSpinWait(); // the count follows the listener call
            }
            assertEquals(200, notifier.framesDispatched());
            assertEquals(0, notifier.busFailures());
        }
    }

    @Test
    void anInterfaceGoingDownIsReportedAndTheNotifierCarriesOnOnceItIsUp() throws Exception
    {
        final String name = "pcnf" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        final BlockingQueue<Object> events = new ArrayBlockingQueue<>(64);
        final Listener listener = new Listener()
        {
            @Override
            public void onFrame(final CanBus bus, final FrameView frame)
            {
                events.add(frame.toFrame());
            }

            @Override
            public void onError(final CanBus bus, final Exception error)
            {
                events.add(error);
            }
        };
        try (CanInterfaces interfaces = CanInterfaces.open())
        {
            final CanLink link = interfaces.createVcan(name);
            try
            {
                link.up();
                try (CanBus watched = CanBus.open(name); CanBus sender = CanBus.open(name);
                    Notifier notifier = Notifier.start(watched, listener))
                {
                    sender.send(CanFrame.of(1));
                    assertEquals(CanFrame.of(1), events.poll(5, TimeUnit.SECONDS));

                    link.down();
                    final NetworkDownException down = assertInstanceOf(NetworkDownException.class,
                        events.poll(5, TimeUnit.SECONDS));
                    assertEquals(name, down.interfaceName());

                    link.up();
                    sender.send(CanFrame.of(2));
                    assertEquals(CanFrame.of(2), events.poll(5, TimeUnit.SECONDS));
                    assertTrue(notifier.isRunning());
                    assertEquals(1, notifier.busFailures());
                }
            }
            finally
            {
                link.delete();
            }
        }
    }
}
