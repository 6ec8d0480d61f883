package org.panacan;

/**
 * A snapshot of a bus's counters. Nothing received is lost silently: every frame the kernel accepted for this
 * socket is either {@link #framesRead() read} or counted in {@link #kernelDrops()}, and every frame read is either
 * delivered through the ring or counted in {@link #ringDrops()}. So, on a quiet bus after the consumer has drained
 * the ring: {@code frames sent by peers = framesRead + kernelDrops} and
 * {@code framesDelivered = framesRead - ringDrops}.
 *
 * @param framesRead      frames the bus took from its socket
 * @param framesDelivered frames handed to the application (recv, drain, poll)
 * @param kernelDrops     frames the kernel dropped because the socket buffer was full ({@code SO_RXQ_OVFL})
 * @param ringDrops       frames read from the socket that found the ring full ({@link OverflowPolicy#DROP_NEWEST})
 * @param framesSent      frames the kernel accepted for transmission
 * @param sendRetries     sends retried because the transmit queue was full (ENOBUFS / EAGAIN)
 * @param errorFrames     error frames received (before the ring, so also counted when dropped)
 * @param receiveBatches  receive system calls that returned at least one frame
 */
public record BusCounters(
    long framesRead,
    long framesDelivered,
    long kernelDrops,
    long ringDrops,
    long framesSent,
    long sendRetries,
    long errorFrames,
    long receiveBatches)
{
    /** Frames lost on the way in, wherever it happened. */
    public long totalDrops()
    {
        return kernelDrops + ringDrops;
    }

    /** Mean frames per receive system call: how well batching works under the current load. */
    public double meanBatchSize()
    {
        return receiveBatches == 0 ? 0 : (double)framesRead / receiveBatches;
    }
}
