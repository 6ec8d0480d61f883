package org.panacan;

/** Whether a received frame came from the bus or is the echo of this bus's own transmission. */
public enum Direction
{
    /** Sent by another node, or by another socket on this host. */
    RECEIVED,
    /** This bus's own frame, echoed back after transmission (receive-own-messages). */
    TRANSMITTED
}
