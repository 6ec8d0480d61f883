package org.panacan.isotp.java;

/**
 * Where the protocol state machines put their frames: the channel's bus, or a recorder in tests. Implementations
 * keep the cause of a refused frame; the state machines only learn that it was refused.
 */
interface FrameSink
{
    /**
     * Sends one frame now.
     *
     * @param idWord the kernel {@code can_id} word (EFF flag for 29-bit identifiers)
     * @return whether the bus took the frame
     */
    boolean send(int idWord, byte[] frame, int length);

    /** Frames {@link #add} can hold before a {@link #flush}; 1 when the sink does not batch. */
    int batchCapacity();

    /** Queues one frame for the next {@link #flush} (copies it). */
    void add(int idWord, byte[] frame, int length);

    /** Sends the queued frames with as few system calls as possible; whether all went out. */
    boolean flush();
}
