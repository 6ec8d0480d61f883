package org.panacan.netlink;

import org.panacan.bindings.gen.LinuxCan;

/** A link's operational state (RFC 2863, {@code IFLA_OPERSTATE}): what {@code ip link} prints after {@code state}. */
public enum OperState
{
    /** {@code UNKNOWN}: the driver does not track it (vcan, vxcan when up). */
    UNKNOWN(LinuxCan.IF_OPER_UNKNOWN()),
    NOT_PRESENT(LinuxCan.IF_OPER_NOTPRESENT()),
    DOWN(LinuxCan.IF_OPER_DOWN()),
    LOWER_LAYER_DOWN(LinuxCan.IF_OPER_LOWERLAYERDOWN()),
    TESTING(LinuxCan.IF_OPER_TESTING()),
    DORMANT(LinuxCan.IF_OPER_DORMANT()),
    UP(LinuxCan.IF_OPER_UP());

    private final int value;

    OperState(final int value)
    {
        this.value = value;
    }

    /** The {@code IF_OPER_*} value. */
    public int value()
    {
        return value;
    }

    /** The state for an {@code IF_OPER_*} value; {@link #UNKNOWN} for one this enum does not know. */
    public static OperState of(final int value)
    {
        for (final OperState state : values())
        {
            if (state.value == value)
            {
                return state;
            }
        }
        return UNKNOWN;
    }
}
