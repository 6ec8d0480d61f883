package org.panacan.isotp;

/** Which implementation of the protocol carries an {@link IsoTpChannel}. */
public enum IsoTpBackend
{
    /**
     * The kernel when it has {@code CAN_ISOTP} and can honour every parameter, else the pure-Java protocol. The
     * channel names its choice and the reason in {@link IsoTpChannel#backendReason()}.
     */
    AUTO,
    /** A Linux {@code CAN_ISOTP} socket; opening fails when the kernel cannot do what the parameters ask. */
    KERNEL,
    /** The pure-Java protocol over a raw CAN bus of the channel's own: works on any bus, the virtual one too. */
    JAVA
}
