package org.panacan.bcm;

import org.panacan.CanException;

/**
 * Hears what a {@link PeriodicTask} reports. Called on the bus's BCM thread (kernel tasks) or its software scheduler
 * thread, one call at a time; keep the work short, since the same thread serves every task and watch of the bus.
 */
@FunctionalInterface
public interface PeriodicListener
{
    /**
     * The task's count ran out ({@code TX_EXPIRED}, requested with {@code TX_COUNTEVT}): it has sent its last frame
     * at the first period, and has ended, or goes on at {@link PeriodicOptions#thenPeriod()} if one was set.
     *
     * @param timestampNanos when the event was read, ns since the epoch (the kernel's receive stamp of the event)
     */
    void onExpired(PeriodicTask task, long timestampNanos);

    /**
     * A software-scheduled send failed (the transmit queue stayed full for a whole period, the interface went
     * down). Return {@code true} to go on with the next period; the default stops the task, as python-can does
     * without an {@code on_error} callback.
     */
    default boolean onSendFailure(final PeriodicTask task, final CanException failure)
    {
        return false;
    }
}
