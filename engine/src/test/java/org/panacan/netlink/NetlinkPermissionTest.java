package org.panacan.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Without CAP_NET_ADMIN, reading works and a change is refused with EPERM and a message naming the missing
 * capability. rtnetlink checks the capability before anything else (even whether the kernel knows vcan), so this
 * runs on any Linux host: in this JVM when it lacks the capability, else in a child JVM started by
 * {@code setpriv --bounding-set=-net_admin} (still root, minus that one capability).
 */
class NetlinkPermissionTest
{
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    @Test
    void withoutCapNetAdminListingWorksAndCreatingIsRefusedWithEpermNamingTheCapability() throws Exception
    {
        final String name = "pcnp" + ProcessHandle.current().pid() % 100_000;

        final List<String> facts = hasCapNetAdmin() ? inChildWithoutCapNetAdmin(name)
            : NetlinkPermissionProbe.probe(name);

        assertTrue(facts.getFirst().startsWith("listed "), facts::toString);
        assertEquals("errno EPERM", facts.get(1), facts::toString);
        final String message = facts.get(2);
        assertTrue(message.startsWith("message RTM_NEWLINK(" + name + "): EPERM (Operation not permitted)"),
            message);
        assertTrue(message.contains("needs CAP_NET_ADMIN"), message);
    }

    private static boolean hasCapNetAdmin() throws IOException
    {
        final String capEff = Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).trim();
        return (Long.parseUnsignedLong(capEff, 16) & (1L << 12)) != 0;
    }

    private static List<String> inChildWithoutCapNetAdmin(final String name) throws IOException, InterruptedException
    {
        assumeTrue(Files.isExecutable(SETPRIV), "no " + SETPRIV + " to drop CAP_NET_ADMIN with");
        final Process probe = new ProcessBuilder(SETPRIV.toString(), "--bounding-set=-net_admin",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            NetlinkPermissionProbe.class.getName(), name)
            .redirectErrorStream(true)
            .start();
        final String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, probe.exitValue(), output);
        return output.lines().toList();
    }
}
