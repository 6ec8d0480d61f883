package org.panacan.bcm;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.TimestampSource;
import org.panacan.testing.RequiresSocketCan;
import org.panacan.testing.SocketCanTest;

/** Watches on SocketCAN: RX ops of the kernel's Broadcast Manager, events with kernel timestamps. */
@SocketCanTest
class BcmWatchTest extends WatchContract
{
    @Override
    CanBus openWatcher() throws Exception
    {
        return CanBus.open(BusConfig.socketCan(RequiresSocketCan.VCAN0).fd(true).build());
    }

    @Override
    CanBus openEcu() throws Exception
    {
        return CanBus.open(BusConfig.socketCan(RequiresSocketCan.VCAN0).fd(true).build());
    }

    @Override
    TimestampSource frameStampSource()
    {
        return TimestampSource.SOFTWARE;
    }
}
