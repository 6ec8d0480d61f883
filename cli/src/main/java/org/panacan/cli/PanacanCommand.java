package org.panacan.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code panacan}: the top command; does nothing itself but list its subcommands. */
@Command(
    name = "panacan",
    mixinStandardHelpOptions = true,
    versionProvider = PanacanCommand.Version.class,
    description = "SocketCAN tools on the JVM: can-utils' candump, cansend, cangen, canplayer, isotpsend/isotprecv "
        + "and more, on the panacan engine.%n"
        + "Interfaces are SocketCAN names (can0, vcan0, any) or virtual:<name> for the in-process virtual bus.",
    subcommands = {
        DumpCommand.class,
        SendCommand.class,
        GenCommand.class,
        RecordCommand.class,
        ReplayCommand.class,
        IsoTpCommand.class,
        BcmCommand.class,
        PerfCommand.class,
        CommandLine.HelpCommand.class},
    footer = "%nExit codes: 0 success, 1 failure at run time, 2 bad usage.")
public final class PanacanCommand implements Callable<Integer>
{
    private final Streams streams;

    @Spec
    private CommandSpec spec;

    public PanacanCommand(final Streams streams)
    {
        this.streams = streams;
    }

    /** The standard streams subcommands write to. */
    public Streams streams()
    {
        return streams;
    }

    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return PanacanMain.USAGE;
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = PanacanCommand.class.getPackage().getImplementationVersion();
            return new String[] {"panacan " + (version != null ? version : "(development build)"),
                "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})"};
        }
    }
}
