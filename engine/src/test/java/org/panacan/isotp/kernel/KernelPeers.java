package org.panacan.isotp.kernel;

import java.time.Duration;
import java.util.Random;

import org.panacan.BusConfig;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;

/** Shared helpers of the kernel interop suites. */
final class KernelPeers
{
    static final String VCAN = "vcan0";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final IsoTpAddress TESTER = IsoTpAddress.normal11(0x7E0, 0x7E8);
    static final IsoTpAddress ECU = IsoTpAddress.normal11(0x7E8, 0x7E0);

    private static boolean warm;

    private KernelPeers()
    {
    }

    static byte[] payload(final int length)
    {
        final byte[] data = new byte[length];
        new Random(length * 31L).nextBytes(data);
        return data;
    }

    static IsoTpChannel open(final IsoTpAddress address, final IsoTpParams params, final IsoTpBackend backend)
        throws Exception
    {
        final IsoTpChannel channel = IsoTpChannel.open(BusConfig.socketCan(VCAN).build(), address,
            params.toBuilder().backend(backend).build());
        channel.start();
        return channel;
    }

    /**
     * Runs the pure-Java protocol through its paths once before a suite talks to the kernel, whose N_Bs of 1 s
     * leaves little room for a cold JVM in the emulated test VM. On the virtual bus, so that nothing reaches vcan0.
     */
    static synchronized void warmUp() throws Exception
    {
        if (warm)
        {
            return;
        }
        final IsoTpParams params = IsoTpParams.builder().backend(IsoTpBackend.JAVA).build();
        try (IsoTpChannel a = IsoTpChannel.open(BusConfig.virtual("warm-up").build(), TESTER, params);
             IsoTpChannel b = IsoTpChannel.open(BusConfig.virtual("warm-up").build(), ECU, params))
        {
            a.start();
            b.start();
            for (int i = 0; i < 30; i++)
            {
                a.send(payload(1 + i * 37));
                b.recv(WAIT);
            }
        }
        warm = true;
    }
}
