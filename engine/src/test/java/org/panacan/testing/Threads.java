package org.panacan.testing;

import java.util.concurrent.Executor;

/**
 * Test threads of their own: the common ForkJoin pool has one worker on a 2-core machine, so a blocked task there
 * would stall every later {@code CompletableFuture} in the run.
 */
public final class Threads
{
    /** Runs each task on a new daemon platform thread. */
    public static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon(true).start(task);

    private Threads()
    {
    }
}
