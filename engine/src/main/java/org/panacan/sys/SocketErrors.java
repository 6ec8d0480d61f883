package org.panacan.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import org.panacan.bindings.gen.LinuxCan;

/**
 * Takes a socket's pending error ({@code getsockopt(SO_ERROR)}, which also clears it) without allocating: for
 * protocols that report failures through the socket error, such as ISO-TP, whose sender must clear a stale error
 * before a transfer. One instance per thread that uses it; the arena owns its buffers.
 */
public final class SocketErrors
{
    private static final MethodHandle GETSOCKOPT = Linker.nativeLinker().downcallHandle(
        LinuxCan.getsockopt$address(), LinuxCan.getsockopt$descriptor(), Linker.Option.captureCallState("errno"));
    private static final int SOL_SOCKET = LinuxCan.SOL_SOCKET();
    private static final int SO_ERROR = LinuxCan.SO_ERROR();

    private final MemorySegment callState;
    private final MemorySegment value;
    private final MemorySegment length;

    public SocketErrors(final Arena arena)
    {
        this.callState = Syscalls.newCallState(arena);
        this.value = arena.allocate(JAVA_INT);
        this.length = arena.allocate(JAVA_INT);
    }

    /** The errno pending on {@code fd}, now cleared; 0 when none; {@code -errno} when the call itself failed. */
    public int take(final int fd)
    {
        value.set(JAVA_INT, 0, 0);
        length.set(JAVA_INT, 0, 4);
        final int result;
        try
        {
            result = (int)GETSOCKOPT.invokeExact(callState, fd, SOL_SOCKET, SO_ERROR, value, length);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError(ex);
        }
        return result < 0 ? -Syscalls.errno(callState) : value.get(JAVA_INT, 0);
    }
}
