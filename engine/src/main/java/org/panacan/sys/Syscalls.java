package org.panacan.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import org.panacan.bindings.gen.LinuxCan;

/**
 * The only code that calls the jextract-generated functions. Each handle is re-linked with
 * {@code Linker.Option.captureCallState("errno")}, so errno is captured by the same downcall that set it, into a
 * caller-owned state segment ({@link #newCallState(Arena)}): never read after the fact, never clobbered by the JVM.
 *
 * <p>Two tiers, as in Netty and Agrona: the hot calls ({@link #recvmmsg}, {@link #sendmmsg}, {@link #write},
 * {@link #poll}) return the raw result and leave errno in the state segment, so that EAGAIN costs no exception; the
 * cold calls ({@code socket}, {@code bind}, {@code setsockopt} …) throw a {@link org.panacan.CanException} built by
 * {@link SyscallException}.
 *
 * <p>Non-blocking sends ({@link #sendto} and {@link #sendmmsg} with {@code MSG_DONTWAIT}) go first through a
 * handle without errno capture, and only a failed call is repeated through the capturing one to learn its errno. The
 * JDK slices the capture segment on every call (a 40-byte object) and C2 scalar-replaces it only when it inlines
 * the whole downcall chain, which depends on how deep the call sits in the compiled caller: measured in the test VM,
 * some runs kept it on the heap, so the capture-free path is what makes the send paths reliably allocation-free.
 * Repeating is safe because a failed datagram send sent nothing ({@code sendmmsg} fails only if its first message
 * does); the repeat may succeed (the queue drained meanwhile) or fail again and report why. Receives cannot do this:
 * a socket's pending error is reported once, by the call that fails.
 */
public final class Syscalls
{
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = link(LinuxCan.socket$address(), LinuxCan.socket$descriptor());
    private static final MethodHandle BIND = link(LinuxCan.bind$address(), LinuxCan.bind$descriptor());
    private static final MethodHandle CONNECT = link(LinuxCan.connect$address(), LinuxCan.connect$descriptor());
    private static final MethodHandle CLOSE = link(LinuxCan.close$address(), LinuxCan.close$descriptor());
    private static final MethodHandle SETSOCKOPT =
        link(LinuxCan.setsockopt$address(), LinuxCan.setsockopt$descriptor());
    private static final MethodHandle GETSOCKOPT =
        link(LinuxCan.getsockopt$address(), LinuxCan.getsockopt$descriptor());
    private static final MethodHandle READ = link(LinuxCan.read$address(), LinuxCan.read$descriptor());
    private static final MethodHandle WRITE = link(LinuxCan.write$address(), LinuxCan.write$descriptor());
    private static final MethodHandle SENDTO = link(LinuxCan.sendto$address(), LinuxCan.sendto$descriptor());
    private static final MethodHandle RECVMSG = link(LinuxCan.recvmsg$address(), LinuxCan.recvmsg$descriptor());
    private static final MethodHandle SENDMSG = link(LinuxCan.sendmsg$address(), LinuxCan.sendmsg$descriptor());
    private static final MethodHandle RECVMMSG = link(LinuxCan.recvmmsg$address(), LinuxCan.recvmmsg$descriptor());
    private static final MethodHandle SENDMMSG = link(LinuxCan.sendmmsg$address(), LinuxCan.sendmmsg$descriptor());
    private static final MethodHandle SENDTO_UNCAPTURED =
        LINKER.downcallHandle(LinuxCan.sendto$address(), LinuxCan.sendto$descriptor());
    private static final MethodHandle SENDMMSG_UNCAPTURED =
        LINKER.downcallHandle(LinuxCan.sendmmsg$address(), LinuxCan.sendmmsg$descriptor());
    private static final int MSG_DONTWAIT = LinuxCan.MSG_DONTWAIT();
    private static final MethodHandle POLL = link(LinuxCan.poll$address(), LinuxCan.poll$descriptor());
    private static final MethodHandle PPOLL = link(LinuxCan.ppoll$address(), LinuxCan.ppoll$descriptor());
    private static final MethodHandle EVENTFD = link(LinuxCan.eventfd$address(), LinuxCan.eventfd$descriptor());
    private static final MethodHandle IF_NAMETOINDEX =
        link(LinuxCan.if_nametoindex$address(), LinuxCan.if_nametoindex$descriptor());
    private static final MethodHandle IF_INDEXTONAME =
        link(LinuxCan.if_indextoname$address(), LinuxCan.if_indextoname$descriptor());
    /** ioctl is variadic; every request the engine makes passes one pointer. */
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LinuxCan.ioctl.address(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2),
        CAPTURE_ERRNO);

    private Syscalls()
    {
    }

    private static MethodHandle link(final MemorySegment address, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    /** A segment that receives errno from the calls it is passed to; one per thread that makes calls. */
    public static MemorySegment newCallState(final Arena arena)
    {
        return arena.allocate(CALL_STATE);
    }

    /** The errno captured by the last call that was given {@code callState}. */
    public static int errno(final MemorySegment callState)
    {
        return (int)ERRNO.get(callState, 0L);
    }

    // ---------------------------------------------------------------------------------------- hot: raw results

    /** {@code recvmmsg(fd, msgvec, vlen, flags, NULL)}: frames received, or -1 with errno in callState. */
    public static int recvmmsg(
        final MemorySegment callState, final int fd, final MemorySegment msgvec, final int vlen, final int flags)
    {
        try
        {
            return (int)RECVMMSG.invokeExact(callState, fd, msgvec, vlen, flags, MemorySegment.NULL);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * {@code sendmmsg(fd, msgvec, vlen, flags)}: messages sent, or -1 with errno in callState. With
     * {@code MSG_DONTWAIT}, errno is captured by repeating a failed call (see the class comment).
     */
    public static int sendmmsg(
        final MemorySegment callState, final int fd, final MemorySegment msgvec, final int vlen, final int flags)
    {
        try
        {
            if ((flags & MSG_DONTWAIT) != 0)
            {
                final int sent = (int)SENDMMSG_UNCAPTURED.invokeExact(fd, msgvec, vlen, flags);
                if (sent >= 0)
                {
                    return sent;
                }
            }
            return (int)SENDMMSG.invokeExact(callState, fd, msgvec, vlen, flags);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code write(fd, buf, count)}: bytes written, or -1 with errno in callState. */
    public static long write(final MemorySegment callState, final int fd, final MemorySegment buf, final long count)
    {
        try
        {
            return (long)WRITE.invokeExact(callState, fd, buf, count);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code read(fd, buf, count)}: bytes read, or -1 with errno in callState. */
    public static long read(final MemorySegment callState, final int fd, final MemorySegment buf, final long count)
    {
        try
        {
            return (long)READ.invokeExact(callState, fd, buf, count);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * {@code sendto(fd, buf, len, flags, addr, addrlen)}: bytes sent, or -1 with errno in callState. With
     * {@code MSG_DONTWAIT}, errno is captured by repeating a failed call (see the class comment).
     */
    public static long sendto(final MemorySegment callState, final int fd, final MemorySegment buf, final long len,
        final int flags, final MemorySegment addr, final int addrLen)
    {
        try
        {
            if ((flags & MSG_DONTWAIT) != 0)
            {
                final long sent = (long)SENDTO_UNCAPTURED.invokeExact(fd, buf, len, flags, addr, addrLen);
                if (sent >= 0)
                {
                    return sent;
                }
            }
            return (long)SENDTO.invokeExact(callState, fd, buf, len, flags, addr, addrLen);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code recvmsg(fd, msg, flags)}: bytes received, or -1 with errno in callState. */
    public static long recvmsg(final MemorySegment callState, final int fd, final MemorySegment msg, final int flags)
    {
        try
        {
            return (long)RECVMSG.invokeExact(callState, fd, msg, flags);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code sendmsg(fd, msg, flags)}: bytes sent, or -1 with errno in callState. */
    public static long sendmsg(final MemorySegment callState, final int fd, final MemorySegment msg, final int flags)
    {
        try
        {
            return (long)SENDMSG.invokeExact(callState, fd, msg, flags);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code poll(fds, nfds, timeoutMs)}: ready descriptors, 0 on timeout, or -1 with errno in callState. */
    public static int poll(final MemorySegment callState, final MemorySegment fds, final long nfds, final int timeoutMs)
    {
        try
        {
            return (int)POLL.invokeExact(callState, fds, nfds, timeoutMs);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * {@code ppoll(fds, nfds, timeout, NULL)}: ready descriptors, 0 on timeout, or -1 with errno in callState.
     * {@code timeout} is a {@code struct timespec}, or NULL to wait without limit.
     */
    public static int ppoll(
        final MemorySegment callState, final MemorySegment fds, final long nfds, final MemorySegment timeout)
    {
        try
        {
            return (int)PPOLL.invokeExact(callState, fds, nfds, timeout, MemorySegment.NULL);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code ioctl(fd, request, arg)}: the result, or -1 with errno in callState. */
    public static int ioctl(final MemorySegment callState, final int fd, final long request, final MemorySegment arg)
    {
        try
        {
            return (int)IOCTL.invokeExact(callState, fd, request, arg);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    // ---------------------------------------------------------------------------------------- cold: exceptions

    /** {@code socket(domain, type, protocol)}; throws naming {@code what} on failure. */
    public static int socket(final int domain, final int type, final int protocol, final String what)
        throws org.panacan.CanException
    {
        final int fd;
        final int errno;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            fd = (int)SOCKET.invokeExact(state, domain, type, protocol);
            errno = errno(state);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (fd < 0)
        {
            throw SyscallException.of("socket", errno, what);
        }
        return fd;
    }

    /** {@code bind(fd, addr, len)}; throws naming {@code what} (the interface) on failure. */
    public static void bind(final int fd, final MemorySegment addr, final String what) throws org.panacan.CanException
    {
        final int result;
        final int errno;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            result = (int)BIND.invokeExact(state, fd, addr, (int)addr.byteSize());
            errno = errno(state);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (result < 0)
        {
            throw SyscallException.of("bind", errno, what);
        }
    }

    /** {@code connect(fd, addr, len)}; throws naming {@code what} (the interface) on failure. */
    public static void connect(final int fd, final MemorySegment addr, final String what)
        throws org.panacan.CanException
    {
        final int result;
        final int errno;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            result = (int)CONNECT.invokeExact(state, fd, addr, (int)addr.byteSize());
            errno = errno(state);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (result < 0)
        {
            throw SyscallException.of("connect", errno, what);
        }
    }

    /** {@code setsockopt(fd, level, name, value, size)}; throws naming the option on failure. */
    public static void setsockopt(final int fd, final int level, final int name, final MemorySegment value,
        final String what) throws org.panacan.CanException
    {
        final int result;
        final int errno;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            result = (int)SETSOCKOPT.invokeExact(state, fd, level, name, value, (int)value.byteSize());
            errno = errno(state);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (result < 0)
        {
            throw SyscallException.of("setsockopt", errno, what);
        }
    }

    /** {@code setsockopt} with an int value. */
    public static void setsockopt(final int fd, final int level, final int name, final int value, final String what)
        throws org.panacan.CanException
    {
        try (Arena arena = Arena.ofConfined())
        {
            setsockopt(fd, level, name, arena.allocateFrom(JAVA_INT, value), what);
        }
    }

    /**
     * {@code getsockopt(fd, level, name, value, &size)}; returns the size the kernel wrote, throws on failure.
     */
    public static int getsockopt(final int fd, final int level, final int name, final MemorySegment value,
        final String what) throws org.panacan.CanException
    {
        final int result;
        final int errno;
        final int size;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            final MemorySegment length = arena.allocateFrom(JAVA_INT, (int)value.byteSize());
            result = (int)GETSOCKOPT.invokeExact(state, fd, level, name, value, length);
            errno = errno(state);
            size = length.get(JAVA_INT, 0);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (result < 0)
        {
            throw SyscallException.of("getsockopt", errno, what);
        }
        return size;
    }

    /** {@code getsockopt} of an int option. */
    public static int getsockoptInt(final int fd, final int level, final int name, final String what)
        throws org.panacan.CanException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment value = arena.allocate(JAVA_INT);
            getsockopt(fd, level, name, value, what);
            return value.get(JAVA_INT, 0);
        }
    }

    /** {@code eventfd(initval, flags)}; throws on failure. */
    public static int eventfd(final int flags) throws org.panacan.CanException
    {
        final int fd;
        final int errno;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            fd = (int)EVENTFD.invokeExact(state, 0, flags);
            errno = errno(state);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (fd < 0)
        {
            throw SyscallException.of("eventfd", errno, "wake-up descriptor");
        }
        return fd;
    }

    /** {@code close(fd)}; an error is returned as the errno (0 on success), since nothing can be done about it. */
    public static int close(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            final int result = (int)CLOSE.invokeExact(state, fd);
            return result < 0 ? errno(state) : 0;
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code if_nametoindex(name)}; throws {@link org.panacan.NoSuchInterfaceException} for an unknown name. */
    public static int interfaceIndex(final String name) throws org.panacan.CanException
    {
        if (name.isEmpty() || name.length() >= LinuxCan.IFNAMSIZ())
        {
            throw new IllegalArgumentException("interface name '" + name + "' must have 1.."
                + (LinuxCan.IFNAMSIZ() - 1) + " characters");
        }
        final int index;
        final int errno;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            index = (int)IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name));
            errno = errno(state);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        if (index == 0)
        {
            throw SyscallException.of("if_nametoindex", errno == 0 ? Errno.ENODEV : errno, name);
        }
        return index;
    }

    /** {@code if_indextoname(index)}, or {@code null} when no interface has that index. */
    public static String interfaceName(final int index)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = newCallState(arena);
            final MemorySegment buffer = arena.allocate(LinuxCan.IFNAMSIZ());
            final MemorySegment result = (MemorySegment)IF_INDEXTONAME.invokeExact(state, index, buffer);
            return result.equals(MemorySegment.NULL) ? null : buffer.getString(0);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** The C library's description of {@code errno}, e.g. "No buffer space available". */
    public static String strerror(final int errno)
    {
        return LinuxCan.strerror(errno).reinterpret(256).getString(0);
    }
}
