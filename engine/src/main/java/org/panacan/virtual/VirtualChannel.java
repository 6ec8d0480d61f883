package org.panacan.virtual;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A named in-process bus segment: every {@link VirtualBus} opened on the same name sees the others' frames. The
 * channel lock makes senders take turns as the single producer of each member's ring (the lock's release/acquire
 * is the happens-before edge between successive producers that {@code FrameRing} requires).
 */
final class VirtualChannel
{
    private static final ConcurrentHashMap<String, VirtualChannel> CHANNELS = new ConcurrentHashMap<>();

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<VirtualBus> members = new ArrayList<>();

    private VirtualChannel(final String name)
    {
        this.name = name;
    }

    /** Adds {@code bus} to the channel named {@code name}, creating the channel on first use. */
    static VirtualChannel join(final String name, final VirtualBus bus)
    {
        while (true)
        {
            final VirtualChannel channel = CHANNELS.computeIfAbsent(name, VirtualChannel::new);
            channel.lock.lock();
            try
            {
                if (CHANNELS.get(name) == channel) // not removed by a concurrent leave
                {
                    channel.members.add(bus);
                    return channel;
                }
            }
            finally
            {
                channel.lock.unlock();
            }
        }
    }

    /** Removes {@code bus}; once this returns, no sender writes into its ring any more. */
    void leave(final VirtualBus bus)
    {
        lock.lock();
        try
        {
            members.remove(bus);
            if (members.isEmpty())
            {
                CHANNELS.remove(name, this);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Delivers the frame {@code sender} encoded to every member, under the channel lock. */
    void broadcast(final VirtualBus sender)
    {
        lock.lock();
        try
        {
            for (int i = 0; i < members.size(); i++)
            {
                members.get(i).deliver(sender);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    String name()
    {
        return name;
    }
}
