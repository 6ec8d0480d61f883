package org.panacan.bcm;

import java.util.UUID;

import org.panacan.BusConfig;
import org.panacan.CanBus;
import org.panacan.TimestampSource;

/** Watches on the virtual bus: the software twin of the kernel's receive ops. */
class SoftwareWatchTest extends WatchContract
{
    private final String channel = "watch-" + UUID.randomUUID();

    @Override
    CanBus openWatcher() throws Exception
    {
        return CanBus.open(BusConfig.virtual(channel).fd(true).build());
    }

    @Override
    CanBus openEcu() throws Exception
    {
        return CanBus.open(BusConfig.virtual(channel).fd(true).build());
    }

    @Override
    TimestampSource frameStampSource()
    {
        return TimestampSource.USER;
    }
}
