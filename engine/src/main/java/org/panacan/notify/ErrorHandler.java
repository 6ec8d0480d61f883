package org.panacan.notify;

import java.lang.System.Logger.Level;

import org.panacan.CanBus;

/**
 * Told when a {@link Listener} throws, on the notifier's thread. The notifier has counted the failure
 * ({@link Notifier#listenerFailures()}) and goes on with the next listener and frame whatever this does.
 */
@FunctionalInterface
public interface ErrorHandler
{
    /**
     * @param listener the listener that threw
     * @param bus      the bus whose frame or failure it was handling; {@code null} when {@link Listener#onStop()} threw
     * @param failure  what it threw
     */
    void onListenerFailure(Listener listener, CanBus bus, Throwable failure);

    /** Logs each failure at WARNING through {@link System.Logger} {@code org.panacan.notify}: the default. */
    static ErrorHandler logging()
    {
        final System.Logger logger = System.getLogger("org.panacan.notify");
        return (listener, bus, failure) -> logger.log(Level.WARNING,
            () -> "listener " + listener + (bus == null ? " failed to stop" : " failed on " + bus.channelInfo()),
            failure);
    }
}
