package org.panacan.bcm;

/**
 * Changes a frame's payload right before each send, in place: rolling counters, checksums (python-can's
 * {@code modifier_callback}). A task with a modifier runs on the software scheduler, since the kernel cannot call
 * back into the JVM. Called on the scheduler thread; allocation-free if the modifier is.
 */
@FunctionalInterface
public interface PayloadModifier
{
    /**
     * @param payload    the payload about to be sent (its length is the frame's); changes persist to later sends
     * @param frameIndex which frame of the task's sequence this is
     * @param sendNumber how many frames the task has sent before this one since it (re)started
     */
    void beforeSend(byte[] payload, int frameIndex, long sendNumber);
}
