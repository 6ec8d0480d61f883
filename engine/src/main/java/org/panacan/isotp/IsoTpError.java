package org.panacan.isotp;

/**
 * The protocol failures of ISO 15765-2, the same from both backends. Each has its {@link IsoTpException} subtype;
 * the kernel backend maps the kernel's errno values to them ({@link #kernelErrno()}).
 */
public enum IsoTpError
{
    /** N_Bs expired: the receiver sent no flow control in time (kernel: ECOMM, also for a missing tx echo). */
    FLOW_CONTROL_TIMEOUT("no flow control within the N_Bs timeout", 70),
    /** N_Cr expired: the sender's next consecutive frame did not come in time (kernel: ETIMEDOUT). */
    CONSECUTIVE_FRAME_TIMEOUT("no consecutive frame within the N_Cr timeout", 110),
    /** A consecutive frame carried the wrong sequence number (kernel: EILSEQ). */
    WRONG_SEQUENCE_NUMBER("consecutive frame with the wrong sequence number", 84),
    /** A flow control frame carried a reserved flow status (the kernel aborts silently). */
    UNEXPECTED_FLOW_CONTROL("flow control with a reserved flow status", 0),
    /** More consecutive FC.WAIT frames than wftmax (the kernel's sender accepts any number). */
    TOO_MANY_WAIT_FRAMES("more consecutive wait frames than wftmax", 0),
    /** A first frame announced more than the max PDU length; it was answered with FC.OVFLW. */
    FRAME_TOO_LONG("first frame longer than the max PDU length, answered with overflow", 0),
    /** The receiver answered our first frame with FC.OVFLW (kernel: EMSGSIZE). */
    FLOW_CONTROL_OVERFLOW("the receiver reported overflow: the PDU is too long for it", 90),
    /** A frame broke the padding rules, or a flow control frame was too short (kernel: EBADMSG). */
    PADDING_ERROR("frame with wrong padding or layout", 74);

    private static final IsoTpError[] VALUES = values();

    private final String description;
    private final int kernelErrno;

    IsoTpError(final String description, final int kernelErrno)
    {
        this.description = description;
        this.kernelErrno = kernelErrno;
    }

    /** What went wrong, in words. */
    public String description()
    {
        return description;
    }

    /** The errno the kernel reports this failure with, or 0 when the kernel does not report it. */
    public int kernelErrno()
    {
        return kernelErrno;
    }

    /** The failure the kernel reports with {@code errno}, or {@code null} for other errno values. */
    public static IsoTpError ofKernelErrno(final int errno)
    {
        for (final IsoTpError error : VALUES)
        {
            if (error.kernelErrno == errno && errno != 0)
            {
                return error;
            }
        }
        return null;
    }

    /** Whether the failure belongs to the receive path (reported by {@code recv}). */
    public boolean isReceiveError()
    {
        return this == CONSECUTIVE_FRAME_TIMEOUT || this == WRONG_SEQUENCE_NUMBER || this == FRAME_TOO_LONG;
    }

    /** The exception for this failure; {@code message} says where and what. */
    public IsoTpException exception(final String message)
    {
        return switch (this)
        {
            case FLOW_CONTROL_TIMEOUT -> new FlowControlTimeoutException(message);
            case CONSECUTIVE_FRAME_TIMEOUT -> new ConsecutiveFrameTimeoutException(message);
            case WRONG_SEQUENCE_NUMBER -> new WrongSequenceNumberException(message);
            case UNEXPECTED_FLOW_CONTROL -> new UnexpectedFlowControlException(message);
            case TOO_MANY_WAIT_FRAMES -> new TooManyWaitFramesException(message);
            case FRAME_TOO_LONG -> new FrameTooLongException(message);
            case FLOW_CONTROL_OVERFLOW -> new FlowControlOverflowException(message);
            case PADDING_ERROR -> new PaddingErrorException(message);
        };
    }

    /** The error with ordinal {@code ordinal} (for compact error records). */
    public static IsoTpError of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
