package org.panacan.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code panacan isotp}: placeholder until the engine's ISO-TP API lands. */
@Command(name = "isotp", mixinStandardHelpOptions = true, description = "ISO-TP send and receive "
    + "(not available in this build).")
final class IsoTpCommand implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Override
    public Integer call()
    {
        parent.streams().stderr().println("isotp: not available in this build");
        return PanacanMain.FAILURE;
    }
}
