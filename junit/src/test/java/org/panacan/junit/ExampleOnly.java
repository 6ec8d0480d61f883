package org.panacan.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps an example class (one that {@link ExampleRun} runs to watch the extension from outside, failures included)
 * from running as a test of its own, e.g. when {@code -Dtest=CanTestBus*} also selects nested classes.
 */
final class ExampleOnly implements ExecutionCondition
{
    static final String PARAMETER = "panacan.junit.exampleRun";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context)
    {
        return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
            ? ConditionEvaluationResult.enabled("run by ExampleRun")
            : ConditionEvaluationResult.disabled("an example for ExampleRun, not a test of its own");
    }
}
