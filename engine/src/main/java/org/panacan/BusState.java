package org.panacan;

/**
 * The controller's fault confinement state (ISO 11898-1), as derived from the error frames the bus has seen:
 * controller-problem frames move it to warning, passive or bus-off; a restarted frame brings it back to active.
 */
public enum BusState
{
    /** Error counters below 96: normal operation. */
    ERROR_ACTIVE,
    /** An error counter reached the warning level (96). */
    ERROR_WARNING,
    /** An error counter reached 128: the node sends passive error flags only. */
    ERROR_PASSIVE,
    /** The transmit error counter passed 255: the controller left the bus until restarted. */
    BUS_OFF;

    private static final int CAN_ERR_CRTL = 0x04;
    private static final int CAN_ERR_BUSOFF = 0x40;
    private static final int CAN_ERR_RESTARTED = 0x100;
    private static final int CRTL_WARNING = 0x04 | 0x08;
    private static final int CRTL_PASSIVE = 0x10 | 0x20;
    private static final int CRTL_ACTIVE = 0x40;

    /**
     * The state after an error frame (linux/can/error.h): bus-off and restarted come from the error class in the
     * {@code can_id} word, warning / passive / back-to-active from the controller status in {@code data[1]}.
     *
     * @param canId            the error frame's {@code can_id} word (error class bits)
     * @param controllerStatus {@code data[1]}, meaningful when the class has {@code CAN_ERR_CRTL}
     */
    public BusState afterErrorFrame(final int canId, final byte controllerStatus)
    {
        if ((canId & CAN_ERR_BUSOFF) != 0)
        {
            return BUS_OFF;
        }
        if ((canId & CAN_ERR_RESTARTED) != 0)
        {
            return ERROR_ACTIVE;
        }
        if ((canId & CAN_ERR_CRTL) != 0)
        {
            if ((controllerStatus & CRTL_PASSIVE) != 0)
            {
                return ERROR_PASSIVE;
            }
            if ((controllerStatus & CRTL_WARNING) != 0)
            {
                return ERROR_WARNING;
            }
            if ((controllerStatus & CRTL_ACTIVE) != 0)
            {
                return ERROR_ACTIVE;
            }
        }
        return this;
    }
}
