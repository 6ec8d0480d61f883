package org.panacan.isotp.kernel;

import org.panacan.BusConfig;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannelContract;
import org.panacan.testing.SocketCanTest;

/** The channel contract for the pure-Java backend on a real SocketCAN interface (vcan0). */
@SocketCanTest
class JavaOnSocketCanIsoTpChannelTest extends IsoTpChannelContract
{
    @Override
    protected BusConfig.Builder bus()
    {
        return BusConfig.socketCan("vcan0");
    }

    @Override
    protected IsoTpBackend backend()
    {
        return IsoTpBackend.JAVA;
    }
}
