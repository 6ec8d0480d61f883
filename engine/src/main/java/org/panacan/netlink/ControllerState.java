package org.panacan.netlink;

import org.panacan.bindings.gen.LinuxCan;

/**
 * The state a CAN controller's driver reports ({@code enum can_state}, {@code IFLA_CAN_STATE}): what
 * {@code ip -details link show can0} prints after {@code state}.
 */
public enum ControllerState
{
    /** {@code ERROR-ACTIVE}: both error counters below 96. */
    ERROR_ACTIVE(LinuxCan.CAN_STATE_ERROR_ACTIVE()),
    /** {@code ERROR-WARNING}: an error counter at 96 or more. */
    ERROR_WARNING(LinuxCan.CAN_STATE_ERROR_WARNING()),
    /** {@code ERROR-PASSIVE}: an error counter at 128 or more. */
    ERROR_PASSIVE(LinuxCan.CAN_STATE_ERROR_PASSIVE()),
    /** {@code BUS-OFF}: the controller left the bus; it needs a restart (manual, or after {@code restart-ms}). */
    BUS_OFF(LinuxCan.CAN_STATE_BUS_OFF()),
    /** {@code STOPPED}: the interface is down. */
    STOPPED(LinuxCan.CAN_STATE_STOPPED()),
    /** {@code SLEEPING}: the controller is in a low-power mode. */
    SLEEPING(LinuxCan.CAN_STATE_SLEEPING());

    private static final ControllerState[] BY_VALUE = new ControllerState[values().length];

    static
    {
        for (final ControllerState state : values())
        {
            BY_VALUE[state.value] = state;
        }
    }

    private final int value;

    ControllerState(final int value)
    {
        this.value = value;
    }

    /** The {@code CAN_STATE_*} value. */
    public int value()
    {
        return value;
    }

    /** The state for a {@code CAN_STATE_*} value. */
    public static ControllerState of(final int value)
    {
        if (value < 0 || value >= BY_VALUE.length)
        {
            throw new IllegalArgumentException("unknown CAN controller state " + value);
        }
        return BY_VALUE[value];
    }
}
