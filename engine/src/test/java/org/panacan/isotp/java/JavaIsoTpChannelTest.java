package org.panacan.isotp.java;

import java.util.concurrent.atomic.AtomicInteger;

import org.panacan.BusConfig;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannelContract;

/** The channel contract for the pure-Java backend on the in-process virtual bus. */
class JavaIsoTpChannelTest extends IsoTpChannelContract
{
    private static final AtomicInteger CHANNELS = new AtomicInteger();
    private final String channel = "isotp-" + CHANNELS.incrementAndGet();

    @Override
    protected BusConfig.Builder bus()
    {
        return BusConfig.virtual(channel);
    }

    @Override
    protected IsoTpBackend backend()
    {
        return IsoTpBackend.JAVA;
    }
}
