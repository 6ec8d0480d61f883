package org.panacan.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

import org.panacan.CanException;
import org.panacan.isotp.IsoTpAddress;
import org.panacan.isotp.IsoTpBackend;
import org.panacan.isotp.IsoTpChannel;
import org.panacan.isotp.IsoTpParams;
import org.panacan.isotp.SeparationTime;
import org.panacan.isotp.TargetAddressType;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code panacan isotp}: isotpsend and isotprecv. */
@Command(
    name = "isotp",
    mixinStandardHelpOptions = true,
    description = "ISO 15765-2 transfers, as can-utils' isotpsend and isotprecv: on the kernel's CAN_ISOTP socket "
        + "where it can, else (or with --backend java, or on a virtual bus) panacan's pure-Java protocol.",
    subcommands = {IsoTpCommand.Send.class, IsoTpCommand.Recv.class})
final class IsoTpCommand extends CommandGroup
{
    /** The options isotpsend and isotprecv share: addresses, padding, link layer, backend. */
    static final class Link
    {
        @Parameters(index = "0", paramLabel = "<interface>", description = "Interface (can0, vcan0, "
            + "virtual:<name>).")
        String interfaceName;

        @Option(names = {"-s", "--source"}, required = true, paramLabel = "<can_id>",
            description = "The id this side sends on (8 hex digits: 29-bit).")
        String source;

        @Option(names = {"-d", "--destination"}, required = true, paramLabel = "<can_id>",
            description = "The id this side receives on (8 hex digits: 29-bit).")
        String destination;

        @Option(names = {"-x", "--extended"}, paramLabel = "<addr>[:<rxaddr>]",
            description = "Extended addressing: the address byte of sent frames, and of received ones if different.")
        String extendedAddress;

        @Option(names = {"-p", "--padding"}, paramLabel = "[tx]:[rx]",
            description = "Pad sent frames with tx, expect rx in received ones (hex bytes).")
        String padding;

        @Option(names = {"-P", "--check-padding"}, paramLabel = "<l|c|a>",
            description = "Check received padding: (l)ength, (c)ontent, (a)ll.")
        String checkPadding;

        @Option(names = {"-L", "--link-layer"}, paramLabel = "<mtu>:<tx_dl>:<tx_flags>",
            description = "Link layer as isotpsend takes it: 72:64:1 is CAN FD, 64-byte frames, bit rate switch.")
        String linkLayer;

        @Option(names = "--fd", paramLabel = "<tx_dl>", arity = "0..1", fallbackValue = "64",
            description = "CAN FD frames of this length (default 64 when given without a value).")
        Integer fdLength;

        @Option(names = "--brs", description = "CAN FD frames with bit rate switch.")
        boolean bitRateSwitch;

        @Option(names = "--backend", paramLabel = "<auto|kernel|java>", description = "The protocol "
            + "implementation (default: ${DEFAULT-VALUE}).")
        IsoTpBackend backend = IsoTpBackend.AUTO;

        IsoTpAddress address()
        {
            final int tx = HexArgs.id(source);
            final int rx = HexArgs.id(destination);
            int txByte = IsoTpAddress.NONE;
            int rxByte = IsoTpAddress.NONE;
            if (extendedAddress != null)
            {
                final String[] parts = extendedAddress.split(":", -1);
                txByte = HexArgs.octet(parts[0], "extended address");
                rxByte = parts.length > 1 ? HexArgs.octet(parts[1], "rx extended address") : txByte;
            }
            return IsoTpAddress.asymmetric(half(tx, HexArgs.isExtendedId(source), txByte),
                half(rx, HexArgs.isExtendedId(destination), rxByte));
        }

        private static IsoTpAddress half(final int id, final boolean extendedId, final int addressByte)
        {
            if (addressByte == IsoTpAddress.NONE)
            {
                return extendedId ? IsoTpAddress.normal29(id, id) : IsoTpAddress.normal11(id, id);
            }
            return extendedId ? IsoTpAddress.extended29(id, id, addressByte, addressByte)
                : IsoTpAddress.extended11(id, id, addressByte, addressByte);
        }

        IsoTpParams.Builder params()
        {
            final IsoTpParams.Builder params = IsoTpParams.builder().backend(backend);
            if (padding != null)
            {
                final String[] parts = padding.split(":", -1);
                if (!parts[0].isEmpty())
                {
                    params.txPadding(HexArgs.octet(parts[0], "tx padding"));
                }
                if (parts.length > 1 && !parts[1].isEmpty())
                {
                    params.rxPadding(HexArgs.octet(parts[1], "rx padding"));
                }
            }
            if (checkPadding != null)
            {
                switch (checkPadding)
                {
                    case "l" -> params.checkPaddingLength(true);
                    case "c" -> params.checkPaddingData(true);
                    case "a" -> params.checkPaddingLength(true).checkPaddingData(true);
                    default -> throw new CommandLine.TypeConversionException("padding check '" + checkPadding
                        + "' is not l, c or a");
                }
            }
            if (linkLayer != null)
            {
                final String[] parts = linkLayer.split(":");
                if (parts.length != 3)
                {
                    throw new CommandLine.TypeConversionException("link layer '" + linkLayer
                        + "' is not <mtu>:<tx_dl>:<tx_flags>");
                }
                if (Integer.parseInt(parts[0]) == 72)
                {
                    params.fd(Integer.parseInt(parts[1])).bitRateSwitch((HexArgs.octet(parts[2], "tx flags") & 1) != 0);
                }
            }
            if (fdLength != null)
            {
                params.fd(fdLength);
            }
            if (bitRateSwitch)
            {
                params.bitRateSwitch(true);
            }
            return params;
        }

        IsoTpChannel open(final IsoTpParams params) throws CanException
        {
            return IsoTpChannel.open(Buses.config(interfaceName).build(), address(), params);
        }
    }

    /** {@code panacan isotp send}: isotpsend. */
    @Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {"Sends a PDU, as isotpsend does: the bytes given (hex, e.g. 11 22 33 or 112233), or read from "
            + "standard input when none are given."},
        footer = {"%nExamples:",
            "  echo 11 22 33 44 55 66 77 88 99 | panacan isotp send vcan0 -s 123 -d 321",
            "  panacan isotp send vcan0 -s 18DA10F1 -d 18DAF110 -p AA 01 02 03",
            "  panacan isotp send vcan0 -s 123 -d 321 -D 4095 --fd 64 --brs"})
    static final class Send implements Callable<Integer>
    {
        @ParentCommand
        private IsoTpCommand isotp;

        @Mixin
        private Link link;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "<byte>", description = "The PDU in hex.")
        private List<String> data = List.of();

        @Option(names = {"-D", "--length"}, paramLabel = "<len>",
            description = "Send a PDU of <len> bytes 01 02 03 .. instead (as isotpsend -D).")
        private int length;

        @Option(names = {"-l", "--loops"}, paramLabel = "<num|i>", description = "Send the PDU <num> times, i: "
            + "until Ctrl-C (default: 1).")
        private String loops = "1";

        @Option(names = {"-g", "--gap"}, paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Wait this long before each PDU.")
        private Duration gap = Duration.ZERO;

        @Option(names = {"-t", "--frame-tx-time"}, paramLabel = "<duration>", converter = DurationConverter.class,
            description = "N_As: time added between frames (kernel default 50us).")
        private Duration frameTxTime;

        @Option(names = {"-f", "--force-stmin"}, paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Ignore the receiver's STmin and keep this gap between consecutive frames.")
        private Duration forcedStmin;

        @Option(names = {"-S", "--sf-broadcast"}, description = "Single-frame broadcast (functional addressing).")
        private boolean singleFrameBroadcast;

        @Option(names = {"-C", "--cf-broadcast"}, description = "Consecutive frames without waiting for flow "
            + "control (1-to-N).")
        private boolean consecutiveFrameBroadcast;

        @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "How long a transfer may take (default: ${DEFAULT-VALUE}).")
        private Duration timeout = Duration.ofSeconds(5);

        @Override
        public Integer call() throws Exception
        {
            final byte[] pdu = pdu(isotp.streams());
            if (pdu.length == 0)
            {
                throw new IllegalArgumentException("no PDU: give its bytes in hex, on the command line or stdin");
            }
            final IsoTpParams.Builder params = link.params().sfBroadcast(singleFrameBroadcast)
                .cfBroadcast(consecutiveFrameBroadcast).sendTimeout(timeout);
            if (frameTxTime != null)
            {
                params.frameTxTime(frameTxTime);
            }
            if (forcedStmin != null)
            {
                params.txStminOverride(forcedStmin);
            }
            final boolean forever = "i".equals(loops);
            final long count = forever ? Long.MAX_VALUE : Long.parseLong(loops);
            if (count < 1)
            {
                throw new IllegalArgumentException("loops must be at least 1 (or i), not " + loops);
            }
            final Thread sender = Thread.currentThread();
            try (IsoTpChannel channel = link.open(params.build());
                ShutdownSignal signal = ShutdownSignal.install(() -> LockSupport.unpark(sender)))
            {
                channel.start();
                for (long i = 0; i < count && !signal.isRequested(); i++)
                {
                    if (!gap.isZero())
                    {
                        LockSupport.parkNanos(gap.toNanos());
                    }
                    channel.send(pdu, 0, pdu.length, singleFrameBroadcast ? TargetAddressType.FUNCTIONAL
                        : TargetAddressType.PHYSICAL, timeout);
                }
            }
            return 0;
        }

        private byte[] pdu(final Streams streams) throws IOException
        {
            if (length > 0)
            {
                final byte[] pdu = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    pdu[i] = (byte)((i % 0xFF) + 1);
                }
                return pdu;
            }
            if (!data.isEmpty())
            {
                return HexArgs.bytes(data);
            }
            final InputStream in = System.in;
            return HexArgs.bytes(List.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        }
    }

    /** {@code panacan isotp recv}: isotprecv. */
    @Command(
        name = "recv",
        mixinStandardHelpOptions = true,
        description = {"Receives PDUs, as isotprecv does, and prints each as hex bytes on a line (11 22 33 ).",
            "Without -l it ends after the first PDU."},
        footer = {"%nExamples:",
            "  panacan isotp recv vcan0 -s 321 -d 123",
            "  panacan isotp recv vcan0 -s 321 -d 123 -b 8 -m 5 -l       (block size 8, STmin 5 ms, loop)"})
    static final class Recv implements Callable<Integer>
    {
        @ParentCommand
        private IsoTpCommand isotp;

        @Mixin
        private Link link;

        @Option(names = {"-b", "--block-size"}, paramLabel = "<bs>", description = "Block size in our flow "
            + "control; 0: off.")
        private int blockSize;

        @Option(names = {"-m", "--stmin"}, paramLabel = "<val>", description = "STmin byte in our flow control "
            + "(hex: 00..7F ms, F1..F9 100..900 us).")
        private String stmin;

        @Option(names = {"-f", "--force-rx-stmin"}, paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Drop consecutive frames closer than this.")
        private Duration rxStminMinimum;

        @Option(names = {"-w", "--wftmax"}, paramLabel = "<num>", description = "Wait frames allowed.")
        private int wftmax;

        @Option(names = {"-F", "--dynamic-fc"}, description = "Take flow control parameters from every flow "
            + "control frame.")
        private boolean dynamicFlowControl;

        @Option(names = {"-l", "--loop"}, description = "Keep receiving until Ctrl-C.")
        private boolean loop;

        @Option(names = {"-n", "--count"}, paramLabel = "<count>", description = "End after <count> PDUs.")
        private long count;

        @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "End with exit code 1 when no PDU came for this long.")
        private Duration timeout;

        @Override
        public Integer call() throws Exception
        {
            final IsoTpParams.Builder params = link.params().blockSize(blockSize).wftmax(wftmax)
                .dynamicFlowControl(dynamicFlowControl);
            if (stmin != null)
            {
                final int code = HexArgs.octet(stmin, "STmin");
                if (!SeparationTime.isValid(code))
                {
                    throw new IllegalArgumentException("STmin " + stmin + " is reserved (00..7F ms, F1..F9 us)");
                }
                params.stmin(Duration.ofNanos(SeparationTime.nanos(code)));
            }
            if (rxStminMinimum != null)
            {
                params.rxStminMinimum(rxStminMinimum);
            }
            final long limit = count > 0 ? count : loop ? Long.MAX_VALUE : 1;
            final OutputStream out = new BufferedOutputStream(isotp.streams().stdout());
            final byte[] pdu = new byte[IsoTpParams.DEFAULT_MAX_PDU_LENGTH];
            final StringBuilder line = new StringBuilder();
            try (IsoTpChannel channel = link.open(params.build());
                ShutdownSignal signal = ShutdownSignal.install(() -> { }))
            {
                channel.start();
                long received = 0;
                long idleSince = System.nanoTime();
                while (received < limit && !signal.isRequested())
                {
                    final int length = channel.recv(pdu, 0, Duration.ofMillis(100));
                    if (length < 0)
                    {
                        if (timeout != null && System.nanoTime() - idleSince > timeout.toNanos())
                        {
                            isotp.streams().stderr().println("isotp recv: no PDU within " + timeout);
                            return PanacanMain.FAILURE;
                        }
                        continue;
                    }
                    line.setLength(0);
                    for (int i = 0; i < length; i++)
                    {
                        line.append(Character.toUpperCase(Character.forDigit((pdu[i] >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(pdu[i] & 0xF, 16))).append(' ');
                    }
                    out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    received++;
                    idleSince = System.nanoTime();
                }
            }
            return 0;
        }
    }
}
