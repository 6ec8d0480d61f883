package org.panacan.netlink;

import java.util.EnumSet;
import java.util.Set;

import org.panacan.bindings.gen.LinuxCan;

/**
 * A CAN controller mode ({@code CAN_CTRLMODE_*} of linux/can/netlink.h), switched with
 * {@code ip link set can0 type can <mode> on|off}. Which ones a controller supports depends on its driver; the
 * kernel refuses the others with {@code EOPNOTSUPP}.
 */
public enum CtrlMode
{
    /** {@code loopback}: the controller receives what it sends, internally. */
    LOOPBACK(LinuxCan.CAN_CTRLMODE_LOOPBACK()),
    /** {@code listen-only}: bus monitoring, no acknowledgements and no error frames sent. */
    LISTEN_ONLY(LinuxCan.CAN_CTRLMODE_LISTENONLY()),
    /** {@code triple-sampling}: three samples per bit. */
    TRIPLE_SAMPLING(LinuxCan.CAN_CTRLMODE_3_SAMPLES()),
    /** {@code one-shot}: no automatic retransmission. */
    ONE_SHOT(LinuxCan.CAN_CTRLMODE_ONE_SHOT()),
    /** {@code berr-reporting}: bus errors are reported as error frames. */
    BERR_REPORTING(LinuxCan.CAN_CTRLMODE_BERR_REPORTING()),
    /** {@code fd}: CAN FD frames (needs a data bit rate). */
    FD(LinuxCan.CAN_CTRLMODE_FD()),
    /** {@code presume-ack}: a missing acknowledgement is not an error. */
    PRESUME_ACK(LinuxCan.CAN_CTRLMODE_PRESUME_ACK()),
    /** {@code fd-non-iso}: the Bosch CAN FD frame format from before ISO 11898-1:2015. */
    FD_NON_ISO(LinuxCan.CAN_CTRLMODE_FD_NON_ISO()),
    /** {@code cc-len8-dlc}: classic frames may carry a DLC of 9 to 15. */
    CC_LEN8_DLC(LinuxCan.CAN_CTRLMODE_CC_LEN8_DLC()),
    /** {@code tdc-mode auto}: the controller measures the transmitter delay compensation. */
    TDC_AUTO(LinuxCan.CAN_CTRLMODE_TDC_AUTO()),
    /** {@code tdc-mode manual}: the transmitter delay compensation is configured. */
    TDC_MANUAL(LinuxCan.CAN_CTRLMODE_TDC_MANUAL());

    private final int bit;

    CtrlMode(final int bit)
    {
        this.bit = bit;
    }

    /** The {@code CAN_CTRLMODE_*} bit. */
    public int bit()
    {
        return bit;
    }

    /** The modes whose bits are set in {@code bits}; unknown bits are ignored. */
    public static Set<CtrlMode> of(final int bits)
    {
        final EnumSet<CtrlMode> modes = EnumSet.noneOf(CtrlMode.class);
        for (final CtrlMode mode : values())
        {
            if ((bits & mode.bit) != 0)
            {
                modes.add(mode);
            }
        }
        return modes;
    }

    /** The bits of {@code modes}. */
    public static int bits(final Set<CtrlMode> modes)
    {
        int bits = 0;
        for (final CtrlMode mode : modes)
        {
            bits |= mode.bit;
        }
        return bits;
    }
}
