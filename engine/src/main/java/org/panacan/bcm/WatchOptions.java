package org.panacan.bcm;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.panacan.CanFrame;
import org.panacan.Dlc;
import org.panacan.sys.BcmMessage;

/**
 * What a {@link Watch} reports about one CAN identifier: the Broadcast Manager's {@code RX_SETUP}. Pick what counts
 * as news with a factory, then add timers with the {@code with}-style methods; every instance is immutable.
 *
 * <ul>
 * <li>{@link #everyFrame()}: every frame ({@code RX_FILTER_ID}), usually with a {@link #throttle(Duration)}.</li>
 * <li>{@link #changesUnder(byte...)}: the first frame, then every frame whose data differs from the last reported
 * one under the mask (bit set = compared).</li>
 * <li>{@link #multiplexed(byte[], byte[]...)}: as above, per multiplexer value, for ids whose data layout depends on
 * a multiplexer field.</li>
 * <li>{@link #presence()}: only the first frame, the silences and the returns: a liveness monitor.</li>
 * <li>{@link #remoteReply(CanFrame)}: no events; the kernel answers each remote request for the id with a frame
 * ({@code RX_RTR_FRAME}).</li>
 * </ul>
 *
 * A {@link #timeout(Duration)} raises {@link WatchEvent.Kind#TIMEOUT} when the id stops arriving for that long ("the
 * ECU went silent"; counted from the watch's start too, so an id that never comes is reported) and
 * {@link WatchEvent.Kind#RESUMED} with the first frame after a silence ({@code RX_ANNOUNCE_RESUME}).
 */
public final class WatchOptions
{
    /** What counts as news. */
    enum Mode
    {
        EVERY_FRAME, CHANGES, MULTIPLEXED, PRESENCE, REMOTE_REPLY
    }

    /** Events a poll-mode watch buffers by default before it drops the newest. */
    public static final int DEFAULT_EVENT_CAPACITY = 256;
    private static final int MAX_EVENT_CAPACITY = 1 << 16;
    private static final byte[] NO_MASK = new byte[0];

    private final Mode mode;
    private final byte[] mask;
    private final byte[][] contentMasks;
    private final CanFrame reply;
    private final Duration timeout;
    private final Duration throttle;
    private final boolean extended;
    private final boolean fd;
    private final boolean checkLength;
    private final int eventCapacity;

    private WatchOptions(final Mode mode, final byte[] mask, final byte[][] contentMasks, final CanFrame reply,
        final Duration timeout, final Duration throttle, final boolean extended, final boolean fd,
        final boolean checkLength, final int eventCapacity)
    {
        this.mode = mode;
        this.mask = mask;
        this.contentMasks = contentMasks;
        this.reply = reply;
        this.timeout = timeout;
        this.throttle = throttle;
        this.extended = extended;
        this.fd = fd;
        this.checkLength = checkLength;
        this.eventCapacity = eventCapacity;
    }

    private static WatchOptions of(final Mode mode, final byte[] mask, final byte[][] contentMasks,
        final CanFrame reply)
    {
        return new WatchOptions(mode, mask, contentMasks, reply, null, null, false, false, false,
            DEFAULT_EVENT_CAPACITY);
    }

    /** Every frame of the id ({@code RX_FILTER_ID}). */
    public static WatchOptions everyFrame()
    {
        return of(Mode.EVERY_FRAME, NO_MASK, null, null);
    }

    /**
     * The first frame, then each frame whose data differs from the last reported one in a bit set in {@code mask}
     * (up to 8 bytes, 64 for CAN FD; bytes past the mask are not compared).
     *
     * @throws IllegalArgumentException the mask is empty or all zero: no change could ever be seen
     */
    public static WatchOptions changesUnder(final byte... mask)
    {
        Objects.requireNonNull(mask, "mask");
        checkMask(mask, "data mask");
        return of(Mode.CHANGES, mask.clone(), null, null);
    }

    /**
     * Content changes of a multiplexed id: {@code muxMask} selects the multiplexer bits (within the first 8 data
     * bytes); each content mask holds one multiplexer value in those bits and, in the others, the bits compared for
     * frames that carry that value. Frames with a value no content mask carries are ignored.
     *
     * <p>Example: multiplexer in byte 0, byte 1 compared for value 1, bytes 2..3 for value 2:
     * {@code multiplexed(bytes(0xFF), bytes(0x01, 0xFF), bytes(0x02, 0x00, 0xFF, 0xFF))}.
     */
    public static WatchOptions multiplexed(final byte[] muxMask, final byte[]... contentMasks)
    {
        Objects.requireNonNull(muxMask, "muxMask");
        Objects.requireNonNull(contentMasks, "contentMasks");
        checkMask(muxMask, "multiplexer mask");
        for (int i = Long.BYTES; i < muxMask.length; i++)
        {
            if (muxMask[i] != 0)
            {
                throw new IllegalArgumentException("the multiplexer mask has bits in byte " + i
                    + "; the Broadcast Manager finds the multiplexer in the first 8 data bytes only");
            }
        }
        if (contentMasks.length == 0 || contentMasks.length > BcmMessage.MAX_FRAMES)
        {
            throw new IllegalArgumentException(contentMasks.length + " content masks; a multiplexed watch needs 1.."
                + BcmMessage.MAX_FRAMES);
        }
        final byte[][] copies = new byte[contentMasks.length][];
        for (int i = 0; i < contentMasks.length; i++)
        {
            final byte[] content = Objects.requireNonNull(contentMasks[i], "content mask " + i).clone();
            checkContentMask(muxMask, content, i);
            for (int j = 0; j < i; j++)
            {
                if (multiplexerValue(muxMask, copies[j]) == multiplexerValue(muxMask, content))
                {
                    throw new IllegalArgumentException("content masks " + j + " and " + i
                        + " carry the same multiplexer value");
                }
            }
            copies[i] = content;
        }
        return of(Mode.MULTIPLEXED, muxMask.clone(), copies, null);
    }

    /** Convenience for {@link #multiplexed(byte[], byte[]...)}. */
    public static WatchOptions multiplexed(final byte[] muxMask, final List<byte[]> contentMasks)
    {
        return multiplexed(muxMask, contentMasks.toArray(new byte[0][]));
    }

    /** Only the first frame, and with a {@link #timeout(Duration)} the silences and returns of the id. */
    public static WatchOptions presence()
    {
        return of(Mode.PRESENCE, NO_MASK, null, null);
    }

    /**
     * Answers every remote frame (RTR) for the watched id with {@code reply}, in the kernel, with no round trip to
     * the JVM ({@code RX_RTR_FRAME}). Such a watch reports no events.
     */
    public static WatchOptions remoteReply(final CanFrame reply)
    {
        Objects.requireNonNull(reply, "reply");
        if (reply.isFd() || reply.isRemote() || reply.isError())
        {
            throw new IllegalArgumentException("the reply to a remote request must be a classic CAN data frame, not "
                + reply);
        }
        return of(Mode.REMOTE_REPLY, NO_MASK, null, reply);
    }

    /**
     * Reports {@link WatchEvent.Kind#TIMEOUT} when no frame of the id came for {@code timeout}, and
     * {@link WatchEvent.Kind#RESUMED} when one comes again.
     */
    public WatchOptions timeout(final Duration timeout)
    {
        noTimersForRemoteReply("timeout");
        Intervals.checkMicros(timeout, "timeout");
        return new WatchOptions(mode, mask, contentMasks, reply, timeout, throttle, extended, fd, checkLength,
            eventCapacity);
    }

    /** Reports at most one change per {@code throttle}; the latest content is reported when it ends. */
    public WatchOptions throttle(final Duration throttle)
    {
        noTimersForRemoteReply("throttle");
        Intervals.checkMicros(throttle, "throttle");
        return new WatchOptions(mode, mask, contentMasks, reply, timeout, throttle, extended, fd, checkLength,
            eventCapacity);
    }

    /** The id is a 29-bit identifier. */
    public WatchOptions extended(final boolean extended)
    {
        return new WatchOptions(mode, mask, contentMasks, reply, timeout, throttle, extended, fd, checkLength,
            eventCapacity);
    }

    /** Watches CAN FD frames of the id (a classic watch does not see them, nor an FD watch classic frames). */
    public WatchOptions fd(final boolean fd)
    {
        if (fd && mode == Mode.REMOTE_REPLY)
        {
            throw new IllegalArgumentException("CAN FD has no remote frames to reply to");
        }
        return new WatchOptions(mode, mask, contentMasks, reply, timeout, throttle, extended, fd, checkLength,
            eventCapacity);
    }

    /** A change of length counts as a change too ({@code RX_CHECK_DLC}). */
    public WatchOptions checkLength(final boolean checkLength)
    {
        return new WatchOptions(mode, mask, contentMasks, reply, timeout, throttle, extended, fd, checkLength,
            eventCapacity);
    }

    /** How many events a watch without a listener buffers for {@link Watch#poll} (1..65536, rounded up to 2^n). */
    public WatchOptions eventCapacity(final int eventCapacity)
    {
        if (eventCapacity < 1 || eventCapacity > MAX_EVENT_CAPACITY)
        {
            throw new IllegalArgumentException("event capacity " + eventCapacity + " is outside 1.."
                + MAX_EVENT_CAPACITY);
        }
        return new WatchOptions(mode, mask, contentMasks, reply, timeout, throttle, extended, fd, checkLength,
            eventCapacity);
    }

    public Duration timeout()
    {
        return timeout;
    }

    public Duration throttle()
    {
        return throttle;
    }

    public boolean extended()
    {
        return extended;
    }

    public boolean fd()
    {
        return fd;
    }

    public boolean checkLength()
    {
        return checkLength;
    }

    public int eventCapacity()
    {
        return eventCapacity;
    }

    /** The reply of a {@link #remoteReply(CanFrame)} watch, else {@code null}. */
    public CanFrame reply()
    {
        return reply;
    }

    Mode mode()
    {
        return mode;
    }

    /** The data mask ({@link Mode#CHANGES}) or the multiplexer mask ({@link Mode#MULTIPLEXED}). */
    byte[] mask()
    {
        return mask;
    }

    byte[][] contentMasks()
    {
        return contentMasks;
    }

    /** Checks what depends on the bus and the id; throws {@link IllegalArgumentException} naming the problem. */
    void check(final int id, final boolean busFd, final String busName)
    {
        org.panacan.FrameRules.checkId(id, extended ? org.panacan.FrameFlags.EXTENDED : 0);
        if (fd && !busFd)
        {
            throw new IllegalArgumentException("a CAN FD watch on classic CAN bus '" + busName
                + "' (open it with BusConfig.fd(true))");
        }
        final int maxLength = fd ? Dlc.MAX_FD_LENGTH : Dlc.MAX_CLASSIC_LENGTH;
        if (mask.length > maxLength)
        {
            throw new IllegalArgumentException("a mask of " + mask.length + " bytes is longer than a "
                + (fd ? "CAN FD" : "classic CAN (use fd(true) for CAN FD)") + " payload of " + maxLength);
        }
        if (contentMasks != null)
        {
            for (int i = 0; i < contentMasks.length; i++)
            {
                if (contentMasks[i].length > maxLength)
                {
                    throw new IllegalArgumentException("content mask " + i + " has " + contentMasks[i].length
                        + " bytes, more than a " + (fd ? "CAN FD" : "classic CAN") + " payload of " + maxLength);
                }
            }
        }
    }

    private void noTimersForRemoteReply(final String what)
    {
        if (mode == Mode.REMOTE_REPLY)
        {
            throw new IllegalArgumentException("a remote-reply watch has no " + what
                + " (the Broadcast Manager runs no timers in RTR mode)");
        }
    }

    private static void checkMask(final byte[] mask, final String what)
    {
        if (mask.length == 0 || isZero(mask, null))
        {
            throw new IllegalArgumentException("the " + what + " is " + (mask.length == 0 ? "empty" : "all zero")
                + ": no change could ever be seen (WatchOptions.presence() watches for silence only, "
                + "everyFrame() reports every frame)");
        }
        if (mask.length > Dlc.MAX_FD_LENGTH)
        {
            throw new IllegalArgumentException("the " + what + " has " + mask.length + " bytes; a payload has at most "
                + Dlc.MAX_FD_LENGTH);
        }
    }

    private static void checkContentMask(final byte[] muxMask, final byte[] content, final int index)
    {
        if (content.length > Dlc.MAX_FD_LENGTH)
        {
            throw new IllegalArgumentException("content mask " + index + " has " + content.length
                + " bytes; a payload has at most " + Dlc.MAX_FD_LENGTH);
        }
        if (isZero(content, muxMask))
        {
            throw new IllegalArgumentException("content mask " + index
                + " selects no bits besides the multiplexer: no change could ever be seen");
        }
    }

    /** Whether every bit of {@code mask} outside {@code except} is zero. */
    private static boolean isZero(final byte[] mask, final byte[] except)
    {
        for (int i = 0; i < mask.length; i++)
        {
            final int excluded = except != null && i < except.length ? except[i] : 0;
            if ((mask[i] & ~excluded) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** The first 8 bytes of {@code data} under {@code muxMask}, little-endian: what the kernel compares. */
    static long multiplexerValue(final byte[] muxMask, final byte[] data)
    {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            final int maskByte = i < muxMask.length ? muxMask[i] & 0xFF : 0;
            final int dataByte = i < data.length ? data[i] & 0xFF : 0;
            value |= (long)(maskByte & dataByte) << (8 * i);
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "WatchOptions[" + mode + (mode == Mode.CHANGES || mode == Mode.MULTIPLEXED
            ? " mask=" + java.util.HexFormat.of().formatHex(mask) : "")
            + (contentMasks != null ? " × " + contentMasks.length : "")
            + (reply != null ? " reply=" + reply : "")
            + (timeout != null ? ", timeout=" + timeout : "") + (throttle != null ? ", throttle=" + throttle : "")
            + (extended ? ", extended" : "") + (fd ? ", CAN FD" : "") + (checkLength ? ", length checked" : "") + "]";
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof WatchOptions that && mode == that.mode && Arrays.equals(mask, that.mask)
            && Arrays.deepEquals(contentMasks, that.contentMasks) && Objects.equals(reply, that.reply)
            && Objects.equals(timeout, that.timeout) && Objects.equals(throttle, that.throttle)
            && extended == that.extended && fd == that.fd && checkLength == that.checkLength
            && eventCapacity == that.eventCapacity;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(mode, Arrays.hashCode(mask), timeout, throttle, extended, fd);
    }
}
