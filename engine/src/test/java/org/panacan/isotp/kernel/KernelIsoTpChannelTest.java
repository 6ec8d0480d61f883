package org.panacan.isotp.kernel;

import org.panacan.BusConfig;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannelContract;
import org.panacan.testing.SocketCanTest;

/** The channel contract for the kernel backend: CAN_ISOTP sockets on vcan0. */
@SocketCanTest
class KernelIsoTpChannelTest extends IsoTpChannelContract
{
    @Override
    protected BusConfig.Builder bus()
    {
        return BusConfig.socketCan("vcan0");
    }

    @Override
    protected IsoTpBackend backend()
    {
        return IsoTpBackend.KERNEL;
    }
}
