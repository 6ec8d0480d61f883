package org.panacan.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code panacan bcm}: placeholder until the engine's BCM API lands. */
@Command(name = "bcm", mixinStandardHelpOptions = true, description = "Broadcast Manager: periodic tasks and "
    + "watches (not available in this build).")
final class BcmCommand implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Override
    public Integer call()
    {
        parent.streams().stderr().println("bcm: not available in this build");
        return PanacanMain.FAILURE;
    }
}
