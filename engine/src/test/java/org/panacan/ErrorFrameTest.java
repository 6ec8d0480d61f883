package org.panacan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.panacan.ErrorFrame.ControllerProblem;
import org.panacan.ErrorFrame.ErrorClass;
import org.panacan.ErrorFrame.ProtocolLocation;
import org.panacan.ErrorFrame.ProtocolViolation;
import org.panacan.ErrorFrame.TransceiverStatus;

class ErrorFrameTest
{
    private static CanFrame error(final int classes, final int... data)
    {
        final byte[] bytes = new byte[8];
        for (int i = 0; i < data.length; i++)
        {
            bytes[i] = (byte)data[i];
        }
        return CanFrame.builder().id(classes).error(true).data(bytes).build();
    }

    @Test
    void controllerWarningWithCounters()
    {
        final ErrorFrame frame = ErrorFrame.decode(error(0x004 | 0x200, 0, 0x04 | 0x08, 0, 0, 0, 0, 97, 12));
        assertEquals(Set.of(ErrorClass.CONTROLLER, ErrorClass.COUNTERS), frame.classes());
        assertEquals(Set.of(ControllerProblem.RX_WARNING, ControllerProblem.TX_WARNING), frame.controllerProblems());
        assertEquals(97, frame.txErrorCount());
        assertEquals(12, frame.rxErrorCount());
        assertEquals(BusState.ERROR_WARNING, frame.stateAfter(BusState.ERROR_ACTIVE));
    }

    @Test
    void lostArbitrationReportsTheBit()
    {
        final ErrorFrame frame = ErrorFrame.decode(error(0x002, 13));
        assertTrue(frame.is(ErrorClass.LOST_ARBITRATION));
        assertEquals(13, frame.lostArbitrationBit());
    }

    @Test
    void protocolViolationTypeAndLocation()
    {
        final ErrorFrame frame = ErrorFrame.decode(error(0x008 | 0x080, 0, 0, 0x04 | 0x80, 0x0A));
        assertEquals(Set.of(ProtocolViolation.STUFF, ProtocolViolation.ON_TRANSMISSION), frame.protocolViolations());
        assertEquals(ProtocolLocation.DATA, frame.protocolLocation());
        assertTrue(frame.is(ErrorClass.BUS_ERROR));
    }

    @Test
    void transceiverStatus()
    {
        assertEquals(TransceiverStatus.CANH_SHORT_TO_GROUND,
            ErrorFrame.decode(error(0x010, 0, 0, 0, 0, 0x07)).transceiverStatus());
    }

    @Test
    void countersAbsentUnlessTheClassSaysSo()
    {
        assertEquals(-1, ErrorFrame.decode(error(0x020)).txErrorCount());
    }

    @Test
    void stateFollowsWarningPassiveBusOffAndRestart()
    {
        BusState state = BusState.ERROR_ACTIVE;
        state = ErrorFrame.decode(error(0x004, 0, 0x10)).stateAfter(state);
        assertEquals(BusState.ERROR_PASSIVE, state);
        state = ErrorFrame.decode(error(0x040)).stateAfter(state);
        assertEquals(BusState.BUS_OFF, state);
        state = ErrorFrame.decode(error(0x100)).stateAfter(state);
        assertEquals(BusState.ERROR_ACTIVE, state);
        state = ErrorFrame.decode(error(0x020)).stateAfter(state);
        assertEquals(BusState.ERROR_ACTIVE, state, "no ACK does not change the state");
    }

    @Test
    void onlyErrorFramesDecode()
    {
        assertThrows(IllegalArgumentException.class, () -> ErrorFrame.decode(CanFrame.of(1)));
    }
}
