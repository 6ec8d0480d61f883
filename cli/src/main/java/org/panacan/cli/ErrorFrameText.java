package org.panacan.cli;

import org.panacan.ErrorFrame;
import org.panacan.ReadableFrame;

/**
 * candump {@code -e}: an error frame in words, exactly as can-utils' {@code snprintf_can_error_frame} writes it, e.g.
 * {@code controller-problem{rx-error-warning}} and {@code error-counter-tx-rx{{100}{0}}}. The classes, controller
 * problems and protocol violations come from {@link ErrorFrame}; the location, arbitration bit and counters are
 * the payload bytes themselves, so that codes the enum folds into {@code OTHER} print as candump prints them.
 */
final class ErrorFrameText
{
    private static final String[] LOCATIONS = {
        "unspecified", "unspecified", "id.28-to-id.21", "start-of-frame", "bit-srtr", "bit-ide", "id.20-to-id.18",
        "id.17-to-id.13", "crc-sequence", "reserved-bit-0", "data-field", "data-length-code", "bit-rtr",
        "reserved-bit-1", "id.4-to-id.0", "id.12-to-id.5", "unspecified", "active-error-flag", "intermission",
        "tolerate-dominant-bits", "unspecified", "unspecified", "passive-error-flag", "error-delimiter",
        "crc-delimiter", "acknowledge-slot", "end-of-frame", "acknowledge-delimiter", "overload-flag", "unspecified",
        "unspecified", "unspecified"};
    private static final int ALL_CLASSES = 0x3FF;

    private ErrorFrameText()
    {
    }

    /** Appends the description of {@code frame}, entries separated by {@code separator} (candump: "\n\t"). */
    static StringBuilder append(final StringBuilder text, final ReadableFrame frame, final String separator)
    {
        if ((frame.id() & ~ALL_CLASSES) != 0)
        {
            return text.append("error class 0x").append(Integer.toHexString(frame.id())).append(" is invalid");
        }
        final ErrorFrame error = ErrorFrame.decode(frame);
        int entries = 0;
        for (final ErrorFrame.ErrorClass errorClass : ErrorFrame.ErrorClass.values())
        {
            if (!error.is(errorClass))
            {
                continue;
            }
            if (entries++ > 0)
            {
                text.append(separator);
            }
            text.append(name(errorClass));
            switch (errorClass)
            {
                case LOST_ARBITRATION -> text.append("{at bit ").append(byteAt(frame, 0)).append('}');
                case CONTROLLER -> appendControllerProblems(text.append('{'), error).append('}');
                case PROTOCOL -> appendProtocol(text, frame, error);
                case COUNTERS -> appendCounters(text, frame);
                default ->
                {
                }
            }
        }
        if (!error.is(ErrorFrame.ErrorClass.COUNTERS) && (byteAt(frame, 6) != 0 || byteAt(frame, 7) != 0))
        {
            appendCounters(text.append(separator).append("error-counter-tx-rx"), frame);
        }
        return text;
    }

    private static StringBuilder appendControllerProblems(final StringBuilder text, final ErrorFrame error)
    {
        int count = 0;
        for (final ErrorFrame.ControllerProblem problem : ErrorFrame.ControllerProblem.values())
        {
            if (error.controllerProblems().contains(problem))
            {
                text.append(count++ > 0 ? "," : "").append(name(problem));
            }
        }
        return text;
    }

    private static void appendProtocol(final StringBuilder text, final ReadableFrame frame, final ErrorFrame error)
    {
        text.append("{{");
        int count = 0;
        for (final ErrorFrame.ProtocolViolation violation : ErrorFrame.ProtocolViolation.values())
        {
            if (error.protocolViolations().contains(violation))
            {
                text.append(count++ > 0 ? "," : "").append(name(violation));
            }
        }
        text.append("}{");
        final int location = byteAt(frame, 3);
        if (location > 0 && location < LOCATIONS.length)
        {
            text.append(LOCATIONS[location]);
        }
        text.append("}}");
    }

    private static void appendCounters(final StringBuilder text, final ReadableFrame frame)
    {
        text.append("{{").append(byteAt(frame, 6)).append("}{").append(byteAt(frame, 7)).append("}}");
    }

    private static String name(final ErrorFrame.ErrorClass errorClass)
    {
        return switch (errorClass)
        {
            case TX_TIMEOUT -> "tx-timeout";
            case LOST_ARBITRATION -> "lost-arbitration";
            case CONTROLLER -> "controller-problem";
            case PROTOCOL -> "protocol-violation";
            case TRANSCEIVER -> "transceiver-status";
            case NO_ACK -> "no-acknowledgement-on-tx";
            case BUS_OFF -> "bus-off";
            case BUS_ERROR -> "bus-error";
            case RESTARTED -> "restarted-after-bus-off";
            case COUNTERS -> "error-counter-tx-rx";
        };
    }

    private static String name(final ErrorFrame.ControllerProblem problem)
    {
        return switch (problem)
        {
            case RX_OVERFLOW -> "rx-overflow";
            case TX_OVERFLOW -> "tx-overflow";
            case RX_WARNING -> "rx-error-warning";
            case TX_WARNING -> "tx-error-warning";
            case RX_PASSIVE -> "rx-error-passive";
            case TX_PASSIVE -> "tx-error-passive";
            case BACK_TO_ACTIVE -> "back-to-error-active";
        };
    }

    private static String name(final ErrorFrame.ProtocolViolation violation)
    {
        return switch (violation)
        {
            case SINGLE_BIT -> "single-bit-error";
            case FORM -> "frame-format-error";
            case STUFF -> "bit-stuffing-error";
            case DOMINANT_BIT -> "tx-dominant-bit-error";
            case RECESSIVE_BIT -> "tx-recessive-bit-error";
            case OVERLOAD -> "bus-overload";
            case ACTIVE_ERROR_ANNOUNCEMENT -> "active-error";
            case ON_TRANSMISSION -> "error-on-tx";
        };
    }

    private static int byteAt(final ReadableFrame frame, final int index)
    {
        return index < frame.length() ? frame.data(index) & 0xFF : 0;
    }
}
