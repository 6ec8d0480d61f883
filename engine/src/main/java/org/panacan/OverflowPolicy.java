package org.panacan;

/**
 * What the receive thread does when the application has not consumed the ring and it is full. Either way nothing is
 * lost silently: {@link BusCounters} counts every frame dropped, by the ring or by the kernel.
 */
public enum OverflowPolicy
{
    /** Keep reading the socket and count the frames that find no slot as ring drops. Newest frames are lost. */
    DROP_NEWEST,
    /**
     * Stop reading the socket until a slot frees; the socket buffer fills and the kernel drops and counts
     * ({@code SO_RXQ_OVFL}) what does not fit.
     */
    BLOCK
}
