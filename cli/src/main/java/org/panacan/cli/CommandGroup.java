package org.panacan.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command whose work is in its subcommands ({@code bcm}, {@code isotp}): run alone, it prints its usage. */
abstract class CommandGroup implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Spec
    private CommandSpec spec;

    /** The standard streams the subcommands write to. */
    final Streams streams()
    {
        return parent.streams();
    }

    @Override
    public final Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return PanacanMain.USAGE;
    }
}
