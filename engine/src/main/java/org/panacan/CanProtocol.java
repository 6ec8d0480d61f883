package org.panacan;

/** The frame formats a bus sends and receives (python-can's {@code CanProtocol}). */
public enum CanProtocol
{
    /** Classic CAN 2.0 frames only: 0..8 bytes. */
    CAN_20,
    /** CAN FD and classic frames: up to 64 bytes, bit rate switch. */
    CAN_FD
}
