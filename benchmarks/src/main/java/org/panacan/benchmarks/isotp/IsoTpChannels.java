package org.panacan.benchmarks.isotp;

import java.time.Duration;

import org.panacan.BusConfig;
import org.panacan.CanException;
import org.panacan.benchmarks.BenchFrames;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;

/** The two ends of the ISO-TP benchmarks, opened the same way for both backends. */
final class IsoTpChannels
{
    static final IsoTpAddress TESTER = IsoTpAddress.normal11(0x7E0, 0x7E8);
    static final IsoTpAddress ECU = IsoTpAddress.normal11(0x7E8, 0x7E0);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private IsoTpChannels()
    {
    }

    /**
     * The benchmark parameters: STmin 0, block size 0 (one flow control per PDU), and N_As 0 so that neither the
     * kernel nor the Java sender adds the default 50 µs between consecutive frames.
     */
    static IsoTpParams params(final IsoTpBackend backend)
    {
        return IsoTpParams.builder().backend(backend).frameTxTime(Duration.ZERO).build();
    }

    static IsoTpChannel open(final IsoTpAddress address, final IsoTpBackend backend) throws CanException
    {
        final IsoTpChannel channel = IsoTpChannel.open(BusConfig.socketCan(BenchFrames.interfaceName()).build(),
            address, params(backend));
        if (channel.backend() != backend)
        {
            throw new IllegalStateException("asked for " + backend + ", got " + channel.backend() + ": "
                + channel.backendReason());
        }
        channel.start();
        return channel;
    }
}
