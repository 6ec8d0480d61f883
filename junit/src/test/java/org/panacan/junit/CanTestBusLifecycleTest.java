package org.panacan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.panacan.CanBus;
import org.panacan.junit.CanTestBus.Kind;

/** Around the test, seen from outside: buses closed afterwards, wrong parameters named, required kernels skipped. */
class CanTestBusLifecycleTest
{
    @Test
    void injectedBusesAreClosedAfterTheTest()
    {
        final List<ExampleRun.Outcome> outcomes = ExampleRun.of(KeepsItsBuses.class);

        assertEquals(Status.SUCCESSFUL, outcomes.getFirst().status(), outcomes::toString);
        assertTrue(KeepsItsBuses.bus.isClosed());
        assertTrue(KeepsItsBuses.extra.isClosed(), "a bus opened on the network is closed with it");
    }

    @Test
    void aParameterOfAnotherTypeFailsNamingWhatCanBeInjected()
    {
        final ExampleRun.Outcome outcome = ExampleRun.of(AsksForAnInteger.class).getFirst();

        assertEquals(Status.FAILED, outcome.status());
        assertTrue(outcome.failure().getMessage().contains("injects a CanBus, a String"),
            outcome.failure().getMessage());
    }

    @Test
    void aTestThatRequiresAVcanIsSkippedWithTheReasonWhereNoneCanBeMade()
    {
        final String missing = KernelSupport.missing();
        assumeTrue(missing != null, "this host can make vcan interfaces");

        final ExampleRun.Outcome outcome = ExampleRun.of(RequiresVcan.class).getFirst();

        if (KernelSupport.inCi())
        {
            assertEquals(Status.FAILED, outcome.status(), "CI=true: a test that needs a vcan never skips");
        }
        else
        {
            assertNull(outcome.status(), "skipped");
            assertTrue(outcome.skipReason().contains(missing), outcome.skipReason());
        }
    }

    /** Run by {@link #injectedBusesAreClosedAfterTheTest}. */
    @ExtendWith(ExampleOnly.class)
    static class KeepsItsBuses
    {
        static CanBus bus;
        static CanBus extra;

        @Test
        void keeps(@CanTestBus(kind = Kind.VIRTUAL) final CanBus bus,
            @CanTestBus(kind = Kind.VIRTUAL) final CanTestNetwork network) throws Exception
        {
            KeepsItsBuses.bus = bus;
            KeepsItsBuses.extra = network.open();
        }
    }

    /** Run by {@link #aParameterOfAnotherTypeFailsNamingWhatCanBeInjected}. */
    @ExtendWith(ExampleOnly.class)
    static class AsksForAnInteger
    {
        @Test
        void asks(@CanTestBus final Integer notABus)
        {
        }
    }

    /** Run by {@link #aTestThatRequiresAVcanIsSkippedWithTheReasonWhereNoneCanBeMade}. */
    @ExtendWith(ExampleOnly.class)
    static class RequiresVcan
    {
        @Test
        void requires(@CanTestBus(kind = Kind.VCAN) final CanBus bus)
        {
        }
    }
}
