package org.panacan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.panacan.CanBus;
import org.panacan.CanFrame;
import org.panacan.log.CanSendSyntax;
import org.panacan.log.FrameSyntaxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code panacan send}: cansend. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {"Sends frames given in cansend syntax (123#DEADBEEF, 123##1AABB, 123#R), as cansend does:",
        "  <id>#{data}            classic frame: 3 (11-bit) or 8 (29-bit) hex digits, 0..8 bytes ('.' may separate)",
        "  <id>#{data}_{dlc}      classic 8-byte frame with a raw DLC 9..F",
        "  <id>#R{len}[_{dlc}]    remote frame, optional length 0..8 (and raw DLC)",
        "  <id>##<flags>{data}    CAN FD frame: flags nibble 1 BRS, 2 ESI (4 FDF); 0..64 bytes"},
    footer = {"%nExamples:",
        "  panacan send vcan0 123#DEADBEEF",
        "  panacan send vcan0 1F334455#1122334455667788_B 123#R 00000123#R3 333#R8_E",
        "  panacan send vcan0 213##311223344"})
final class SendCommand implements Callable<Integer>
{
    @ParentCommand
    private PanacanCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<interface>", description = "Interface (can0, vcan0, virtual:<name>).")
    private String interfaceName;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<frame>", description = "Frames in cansend syntax.")
    private List<String> frames;

    @Option(names = {"-n", "--repeat"}, paramLabel = "<count>", description = "Send the frames <count> times.")
    private int repeat = 1;

    @Override
    public Integer call() throws Exception
    {
        final List<CanFrame> parsed = new ArrayList<>();
        for (final String text : frames)
        {
            try
            {
                parsed.add(CanSendSyntax.parse(text));
            }
            catch (final FrameSyntaxException ex)
            {
                final var err = spec.commandLine().getErr();
                err.println("send: column " + ex.column() + ": " + ex.reason());
                err.println("  " + text);
                err.println("  " + " ".repeat(ex.column() - 1) + "^");
                return PanacanMain.USAGE;
            }
        }
        try (CanBus bus = Buses.open(interfaceName, config -> config.localLoopback(true)))
        {
            for (int i = 0; i < repeat; i++)
            {
                for (final CanFrame frame : parsed)
                {
                    bus.send(frame);
                }
            }
        }
        return 0;
    }
}
