package org.panacan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's CAN receive registrations as /proc/net/can lists them: how a test sees that a peer process (candump,
 * isotprecv), which has no ready signal, has bound its socket.
 */
public final class KernelReceivers
{
    /** The list of single ids, and that of id/mask filters (where a filter without the EFF/RTR mask bits goes). */
    private static final List<Path> LISTS =
        List.of(Path.of("/proc/net/can/rcvlist_sff"), Path.of("/proc/net/can/rcvlist_fil"));

    private KernelReceivers()
    {
    }

    /** Registrations of {@code id} on {@code iface}. */
    public static int count(final String iface, final int id) throws IOException
    {
        int count = 0;
        for (final Path list : LISTS)
        {
            for (final String line : Files.readAllLines(list))
            {
                // "   vcan0  7e0  7ff  <function>  <userdata>  <matches>  <ident>"
                final String[] fields = line.trim().split("\\s+");
                if (fields.length > 2 && fields[0].equals(iface) && fields[1].matches("[0-9a-fA-F]+")
                    && Integer.parseInt(fields[1], 16) == id)
                {
                    count++;
                }
            }
        }
        return count;
    }
}
