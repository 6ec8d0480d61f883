package org.panacan.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.StringJoiner;
import java.util.function.IntFunction;

import org.panacan.CanException;
import org.panacan.bindings.gen.LinuxCan;
import org.panacan.bindings.gen.nlmsgerr;
import org.panacan.bindings.gen.nlmsghdr;
import org.panacan.sys.Errno;
import org.panacan.sys.NetlinkSocket;
import org.panacan.sys.SyscallException;

/**
 * One request, its answers: the rtnetlink conversation over a {@link NetlinkSocket}. A request gets the next
 * sequence number; answers carrying another one (left over from a request that failed half-way) are skipped. A
 * request with {@code NLM_F_ACK} ends with an {@code NLMSG_ERROR} whose error is 0 (the ack) or a negative errno; a
 * dump ends with {@code NLMSG_DONE}. A refusal becomes a {@link CanException} through {@link SyscallException},
 * naming the message type and the interface, with the kernel's extended ack text ({@code NLMSGERR_ATTR_MSG}) and a
 * hint for the caller.
 *
 * <p>Not thread-safe: {@link CanInterfaces} serialises requests, and reads the answers before the next one.
 */
final class Rtnetlink implements AutoCloseable
{
    /** Hands one answer ({@code RTM_NEWLINK} for a get or dump) to the caller while it is in the reply buffer. */
    @FunctionalInterface
    interface AnswerHandler
    {
        void onAnswer(MemorySegment reply, long offset, int length) throws CanException;
    }

    static final String NEEDS_CAP_NET_ADMIN = "changing network interfaces needs CAP_NET_ADMIN: run as root, or "
        + "grant the capability (setcap cap_net_admin+ep on the java launcher, or AmbientCapabilities="
        + "CAP_NET_ADMIN in a systemd unit)";

    private static final int REQUEST_BYTES = 1024;
    /** More than a dump datagram holds (the kernel sizes them to the reader's buffer, up to 32 KiB). */
    private static final int REPLY_BYTES = 64 * 1024;
    private static final int HEADER = NetlinkWriter.MESSAGE_HEADER_LENGTH;
    private static final int NLMSG_ERROR = LinuxCan.NLMSG_ERROR();
    private static final int NLMSG_DONE = LinuxCan.NLMSG_DONE();
    private static final int NLMSG_NOOP = LinuxCan.NLMSG_NOOP();
    private static final int NLM_F_DUMP_INTR = LinuxCan.NLM_F_DUMP_INTR();
    private static final int NLM_F_CAPPED = LinuxCan.NLM_F_CAPPED();
    private static final int NLM_F_ACK_TLVS = LinuxCan.NLM_F_ACK_TLVS();
    private static final int NLMSGERR_LENGTH = (int)nlmsgerr.layout().byteSize();

    private final Arena arena;
    private final NetlinkSocket socket;
    private final NetlinkWriter request;
    private final MemorySegment reply;
    private int sequence;

    Rtnetlink() throws CanException
    {
        final Arena arena = Arena.ofShared();
        try
        {
            this.socket = new NetlinkSocket(arena);
        }
        catch (final CanException | RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
        this.arena = arena;
        this.request = new NetlinkWriter(arena.allocate(REQUEST_BYTES, 8));
        this.reply = arena.allocate(REPLY_BYTES, 8);
    }

    /** The writer for the next request. */
    NetlinkWriter request()
    {
        return request;
    }

    /**
     * Sends the request written into {@link #request()} and reads the answers until the ack or the end of the dump.
     *
     * @param type    the request's name for messages, e.g. {@code "RTM_NEWLINK"}
     * @param subject the interface (or what else the request is about) for messages
     * @param hint    what to tell the caller for an errno, or {@code null}
     * @param answers receives the answers, or {@code null} when the request expects only the ack
     * @return {@code false} when the kernel flagged a dump as interrupted (links changed during it)
     */
    boolean execute(final String type, final String subject, final IntFunction<String> hint,
        final AnswerHandler answers) throws CanException
    {
        final int expected = ++sequence;
        socket.send(request.buffer(), request.finish(expected), subject);
        boolean consistent = true;
        while (true)
        {
            final int received = socket.receive(reply, subject);
            long cursor = 0;
            while (received - cursor >= HEADER)
            {
                final int length = reply.get(JAVA_INT, cursor + nlmsghdr.nlmsg_len$offset());
                if (length < HEADER || length > received - cursor)
                {
                    break; // malformed: nothing after it can be trusted
                }
                final int flags = reply.get(JAVA_SHORT, cursor + nlmsghdr.nlmsg_flags$offset()) & 0xFFFF;
                if (reply.get(JAVA_INT, cursor + nlmsghdr.nlmsg_seq$offset()) == expected)
                {
                    consistent &= (flags & NLM_F_DUMP_INTR) == 0;
                    final int messageType = reply.get(JAVA_SHORT, cursor + nlmsghdr.nlmsg_type$offset()) & 0xFFFF;
                    if (messageType == NLMSG_ERROR || messageType == NLMSG_DONE)
                    {
                        final int error = length >= HEADER + Integer.BYTES ? reply.get(JAVA_INT, cursor + HEADER) : 0;
                        if (error < 0)
                        {
                            throw failure(type, -error, subject, hint, extendedAck(cursor, length, flags));
                        }
                        return consistent;
                    }
                    if (messageType != NLMSG_NOOP && answers != null)
                    {
                        answers.onAnswer(reply, cursor, length);
                    }
                }
                cursor += NetlinkWriter.align(length);
            }
        }
    }

    /**
     * The kernel's {@code NLMSGERR_ATTR_MSG} text in an error, or {@code null}. The attributes follow the
     * {@code struct nlmsgerr}, after the echoed request unless {@code NLM_F_CAPPED} says it was left out.
     */
    private String extendedAck(final long offset, final int length, final int flags)
    {
        if ((flags & NLM_F_ACK_TLVS) == 0 || length < HEADER + NLMSGERR_LENGTH)
        {
            return null;
        }
        long attributes = offset + HEADER + NLMSGERR_LENGTH;
        if ((flags & NLM_F_CAPPED) == 0)
        {
            final int echoed = reply.get(JAVA_INT, offset + HEADER + nlmsgerr.msg$offset());
            attributes += NetlinkWriter.align(echoed) - HEADER;
        }
        final long remaining = offset + length - attributes;
        if (remaining <= 0)
        {
            return null;
        }
        return Attributes.parse(reply, attributes, remaining, LinuxCan.NLMSGERR_ATTR_MSG())
            .string(LinuxCan.NLMSGERR_ATTR_MSG());
    }

    private static CanException failure(final String type, final int errno, final String subject,
        final IntFunction<String> hint, final String kernelText)
    {
        final StringJoiner detail = new StringJoiner("; ");
        if (kernelText != null && !kernelText.isBlank())
        {
            detail.add("kernel says \"" + kernelText + "\"");
        }
        final String advice = errno == Errno.EPERM ? NEEDS_CAP_NET_ADMIN : hint == null ? null : hint.apply(errno);
        if (advice != null)
        {
            detail.add(advice);
        }
        return SyscallException.of(type, errno, subject, detail.length() == 0 ? null : detail.toString());
    }

    @Override
    public void close()
    {
        socket.close();
        arena.close();
    }
}
