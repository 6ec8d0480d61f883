package org.panacan.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link SocketCanTest}s only where the kernel has SocketCAN and the test interfaces exist; in CI a
 * missing kernel stack is an error, never a skip.
 */
public final class RequiresSocketCan implements ExecutionCondition
{
    /** The interfaces every SocketCAN test may use (scripts/canvm creates them). */
    public static final String VCAN0 = "vcan0";
    public static final String VCAN1 = "vcan1";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context)
    {
        final String missing = missing();
        if (missing == null)
        {
            return ConditionEvaluationResult.enabled("SocketCAN with vcan0 and vcan1 is available");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI")))
        {
            throw new IllegalStateException("CI=true but " + missing
                + ": SocketCAN tests must run in CI (use scripts/test, which boots the test VM)");
        }
        return ConditionEvaluationResult.disabled("skipped: " + missing
            + " (run scripts/test to use the test VM, or create vcan0/vcan1 with mtu 72)");
    }

    /** What is missing for SocketCAN tests, or {@code null} when nothing is. */
    public static String missing()
    {
        if (!Files.exists(Path.of("/proc/net/can")))
        {
            return "this kernel has no SocketCAN (/proc/net/can is missing)";
        }
        for (final String name : new String[] {VCAN0, VCAN1})
        {
            if (!Files.exists(Path.of("/sys/class/net", name)))
            {
                return "interface " + name + " does not exist";
            }
        }
        return null;
    }
}
