package org.panacan;

import java.util.EnumSet;
import java.util.Set;

/**
 * An error frame decoded per linux/can/error.h: the error classes from the {@code can_id} word and the details
 * the driver put in the payload. Error frames arrive like data frames when the bus's error mask lets them through
 * ({@link BusConfig#errorMask()}); {@link #decode(ReadableFrame)} turns one into this value.
 *
 * @param classes            the error classes set in the {@code can_id} word
 * @param lostArbitrationBit the bit in the bit stream where arbitration was lost, or -1 when unspecified
 * @param controllerProblems the controller status ({@code data[1]})
 * @param protocolViolations the protocol violation types ({@code data[2]})
 * @param protocolLocation   where in the frame the violation happened ({@code data[3]})
 * @param transceiverStatus  the transceiver status ({@code data[4]})
 * @param txErrorCount       the transmit error counter ({@code data[6]}), or -1 unless {@link ErrorClass#COUNTERS}
 * @param rxErrorCount       the receive error counter ({@code data[7]}), or -1 unless {@link ErrorClass#COUNTERS}
 */
public record ErrorFrame(
    Set<ErrorClass> classes,
    int lostArbitrationBit,
    Set<ControllerProblem> controllerProblems,
    Set<ProtocolViolation> protocolViolations,
    ProtocolLocation protocolLocation,
    TransceiverStatus transceiverStatus,
    int txErrorCount,
    int rxErrorCount)
{
    /** Error classes: the bits of the {@code can_id} word ({@code CAN_ERR_*}). */
    public enum ErrorClass
    {
        TX_TIMEOUT(0x001), LOST_ARBITRATION(0x002), CONTROLLER(0x004), PROTOCOL(0x008), TRANSCEIVER(0x010),
        NO_ACK(0x020), BUS_OFF(0x040), BUS_ERROR(0x080), RESTARTED(0x100), COUNTERS(0x200);

        private final int bit;

        ErrorClass(final int bit)
        {
            this.bit = bit;
        }

        /** The {@code CAN_ERR_*} bit, also the bit to set in an error mask. */
        public int bit()
        {
            return bit;
        }
    }

    /** Controller status bits ({@code CAN_ERR_CRTL_*}, {@code data[1]}). */
    public enum ControllerProblem
    {
        RX_OVERFLOW(0x01), TX_OVERFLOW(0x02), RX_WARNING(0x04), TX_WARNING(0x08), RX_PASSIVE(0x10),
        TX_PASSIVE(0x20), BACK_TO_ACTIVE(0x40);

        private final int bit;

        ControllerProblem(final int bit)
        {
            this.bit = bit;
        }

        public int bit()
        {
            return bit;
        }
    }

    /** Protocol violation types ({@code CAN_ERR_PROT_*}, {@code data[2]}). */
    public enum ProtocolViolation
    {
        SINGLE_BIT(0x01), FORM(0x02), STUFF(0x04), DOMINANT_BIT(0x08), RECESSIVE_BIT(0x10), OVERLOAD(0x20),
        ACTIVE_ERROR_ANNOUNCEMENT(0x40), ON_TRANSMISSION(0x80);

        private final int bit;

        ProtocolViolation(final int bit)
        {
            this.bit = bit;
        }

        public int bit()
        {
            return bit;
        }
    }

    /** Where a protocol violation happened ({@code CAN_ERR_PROT_LOC_*}, {@code data[3]}). */
    public enum ProtocolLocation
    {
        UNSPECIFIED(0x00), START_OF_FRAME(0x03), ID28_21(0x02), ID20_18(0x06), SUBSTITUTE_RTR(0x04),
        IDENTIFIER_EXTENSION(0x05), ID17_13(0x07), ID12_05(0x0F), ID04_00(0x0E), RTR(0x0C), RESERVED1(0x0D),
        RESERVED0(0x09), DLC(0x0B), DATA(0x0A), CRC_SEQUENCE(0x08), CRC_DELIMITER(0x18), ACK_SLOT(0x19),
        ACK_DELIMITER(0x1B), END_OF_FRAME(0x1A), INTERMISSION(0x12), OTHER(-1);

        private final int code;

        ProtocolLocation(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        static ProtocolLocation of(final int code)
        {
            for (final ProtocolLocation location : values())
            {
                if (location.code == code)
                {
                    return location;
                }
            }
            return OTHER;
        }
    }

    /** Transceiver status ({@code CAN_ERR_TRX_*}, {@code data[4]}). */
    public enum TransceiverStatus
    {
        UNSPECIFIED(0x00), CANH_NO_WIRE(0x04), CANH_SHORT_TO_BATTERY(0x05), CANH_SHORT_TO_VCC(0x06),
        CANH_SHORT_TO_GROUND(0x07), CANL_NO_WIRE(0x40), CANL_SHORT_TO_BATTERY(0x50), CANL_SHORT_TO_VCC(0x60),
        CANL_SHORT_TO_GROUND(0x70), CANL_SHORT_TO_CANH(0x80), OTHER(-1);

        private final int code;

        TransceiverStatus(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        static TransceiverStatus of(final int code)
        {
            for (final TransceiverStatus status : values())
            {
                if (status.code == code)
                {
                    return status;
                }
            }
            return OTHER;
        }
    }

    public ErrorFrame
    {
        classes = Set.copyOf(classes);
        controllerProblems = Set.copyOf(controllerProblems);
        protocolViolations = Set.copyOf(protocolViolations);
    }

    /** Decodes an error frame; throws {@link IllegalArgumentException} for any other frame. */
    public static ErrorFrame decode(final ReadableFrame frame)
    {
        if (!frame.isError())
        {
            throw new IllegalArgumentException("not an error frame: " + CanFrame.copyOf(frame));
        }
        final int classBits = frame.id();
        final Set<ErrorClass> classes = bits(ErrorClass.class, classBits, ErrorClass::bit);
        final boolean counters = classes.contains(ErrorClass.COUNTERS);
        final int lostBit = classes.contains(ErrorClass.LOST_ARBITRATION) ? byteAt(frame, 0) : 0;
        return new ErrorFrame(
            classes,
            lostBit == 0 ? -1 : lostBit,
            bits(ControllerProblem.class, byteAt(frame, 1), ControllerProblem::bit),
            bits(ProtocolViolation.class, byteAt(frame, 2), ProtocolViolation::bit),
            ProtocolLocation.of(byteAt(frame, 3)),
            TransceiverStatus.of(byteAt(frame, 4)),
            counters ? byteAt(frame, 6) : -1,
            counters ? byteAt(frame, 7) : -1);
    }

    /** Whether class {@code errorClass} is set. */
    public boolean is(final ErrorClass errorClass)
    {
        return classes.contains(errorClass);
    }

    /** The bus state this frame moves a controller in {@code current} to. */
    public BusState stateAfter(final BusState current)
    {
        int controller = 0;
        for (final ControllerProblem problem : controllerProblems)
        {
            controller |= problem.bit();
        }
        int classBits = 0;
        for (final ErrorClass errorClass : classes)
        {
            classBits |= errorClass.bit();
        }
        return current.afterErrorFrame(classBits, (byte)controller);
    }

    /** candump -e style text, e.g. {@code controller-problem{rx-error-warning},error-counter-tx-rx{{100}{0}}}. */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("ErrorFrame").append(classes);
        if (lostArbitrationBit >= 0)
        {
            text.append(" lost-arbitration-bit=").append(lostArbitrationBit);
        }
        if (!controllerProblems.isEmpty())
        {
            text.append(" controller=").append(controllerProblems);
        }
        if (!protocolViolations.isEmpty() || protocolLocation != ProtocolLocation.UNSPECIFIED)
        {
            text.append(" protocol=").append(protocolViolations).append('@').append(protocolLocation);
        }
        if (transceiverStatus != TransceiverStatus.UNSPECIFIED)
        {
            text.append(" transceiver=").append(transceiverStatus);
        }
        if (txErrorCount >= 0)
        {
            text.append(" tec=").append(txErrorCount).append(" rec=").append(rxErrorCount);
        }
        return text.toString();
    }

    private static int byteAt(final ReadableFrame frame, final int index)
    {
        return index < frame.length() ? frame.data(index) & 0xFF : 0;
    }

    private static <E extends Enum<E>> Set<E> bits(final Class<E> type, final int value,
        final java.util.function.ToIntFunction<E> bit)
    {
        final EnumSet<E> set = EnumSet.noneOf(type);
        for (final E candidate : type.getEnumConstants())
        {
            if ((value & bit.applyAsInt(candidate)) != 0)
            {
                set.add(candidate);
            }
        }
        return set;
    }
}
