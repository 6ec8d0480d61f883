package org.panacan.bcm;

/**
 * Receives {@link WatchEvent}s: pushed by the bus's BCM thread (or the virtual bus's monitor thread) when given to
 * {@code CanBus.watch}, or handed over by {@link Watch#poll}. The event is lent for the duration of the call only;
 * keep {@link WatchEvent#copy()} if it must outlive it. Pushed events arrive one at a time on a thread that serves
 * every watch and task of the bus: keep the work short.
 */
@FunctionalInterface
public interface WatchListener
{
    void onEvent(WatchEvent event);
}
