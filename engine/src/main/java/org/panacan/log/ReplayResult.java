package org.panacan.log;

/**
 * What a replay did.
 *
 * @param framesSent       frames sent
 * @param framesSkipped    frames of interfaces the interface map does not name
 * @param loopsCompleted   complete passes over the log
 * @param maxLatenessNanos the latest any frame had gone out (its send returned) after its deadline
 * @param stopped          whether {@link LogReplayer#stop()} ended the replay early
 */
public record ReplayResult(
    long framesSent, long framesSkipped, int loopsCompleted, long maxLatenessNanos, boolean stopped)
{
}
