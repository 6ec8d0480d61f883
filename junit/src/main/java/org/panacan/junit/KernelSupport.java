package org.panacan.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process can create CAN interfaces: the kernel has SocketCAN, and the process has
 * {@code CAP_NET_ADMIN} in its effective set ({@code CapEff} in {@code /proc/self/status}).
 */
final class KernelSupport
{
    private static final Path SOCKETCAN = Path.of("/proc/net/can");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final int CAP_NET_ADMIN = 12;

    private KernelSupport()
    {
    }

    /** Why interfaces cannot be created here, or {@code null} when they can. */
    static String missing()
    {
        if (!Files.exists(SOCKETCAN))
        {
            return "this kernel has no SocketCAN (" + SOCKETCAN + " is missing)";
        }
        if (!hasCapNetAdmin())
        {
            return "this process lacks CAP_NET_ADMIN, which creating vcan and vxcan interfaces needs";
        }
        return null;
    }

    /** Whether bit {@code CAP_NET_ADMIN} is set in the effective capabilities. */
    static boolean hasCapNetAdmin()
    {
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith("CapEff:"))
                {
                    return hasCapNetAdmin(line.substring("CapEff:".length()).trim());
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Whether the hexadecimal capability mask {@code capEff} has {@code CAP_NET_ADMIN}. */
    static boolean hasCapNetAdmin(final String capEff)
    {
        return (Long.parseUnsignedLong(capEff, 16) >>> CAP_NET_ADMIN & 1) != 0;
    }

    /** Whether a failed test environment must fail rather than skip. */
    static boolean inCi()
    {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
