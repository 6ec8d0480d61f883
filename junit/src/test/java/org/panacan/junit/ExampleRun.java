package org.panacan.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs an example test class through the JUnit Platform launcher, as a build would, and records what became of each
 * test: to check what the extension does around a test (skipping, failing, cleaning up), from outside it.
 */
final class ExampleRun implements TestExecutionListener
{
    /** What became of one test. */
    record Outcome(String test, TestExecutionResult.Status status, String skipReason, Throwable failure)
    {
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    private ExampleRun()
    {
    }

    /** Runs every test of {@code testClass} and returns their outcomes. */
    static List<Outcome> of(final Class<?> testClass)
    {
        final ExampleRun run = new ExampleRun();
        LauncherFactory.create().execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .configurationParameter(ExampleOnly.PARAMETER, "true").build(), run);
        return run.outcomes;
    }

    @Override
    public void executionSkipped(final TestIdentifier test, final String reason)
    {
        if (test.isTest())
        {
            outcomes.add(new Outcome(test.getDisplayName(), null, reason, null));
        }
    }

    @Override
    public void executionFinished(final TestIdentifier test, final TestExecutionResult result)
    {
        if (test.isTest())
        {
            final Optional<Throwable> failure = result.getThrowable();
            outcomes.add(new Outcome(test.getDisplayName(), result.getStatus(), null, failure.orElse(null)));
        }
    }
}
