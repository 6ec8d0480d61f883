package org.panacan.bcm;

import org.panacan.CanException;
import org.panacan.FrameFlags;
import org.panacan.FrameView;
import org.panacan.HeapFrame;
import org.panacan.ReadableFrame;
import org.panacan.TimestampSource;

/**
 * A watch kept in Java, for the virtual bus: the kernel's {@code bcm_rx_handler} and its timers ported line for
 * line (net/can/bcm.c), so that a watch behaves the same on both buses. Index 0 holds the simple mask (or the
 * multiplexer mask), indices 1..n the multiplexed content masks; {@code received}, {@code pending} and the stored
 * frames are the kernel's {@code last_frames} with their RX_RECV and RX_THR flags.
 *
 * <p>Every field after construction is the monitor thread's ({@link #onFrame}, {@link #onTime}); construction
 * happens before the watch is published to that thread through the monitor's copy-on-write list.
 */
final class SoftwareWatch extends WatchBase
{
    /** What a kept frame holds of the flags: the wire bits and its origin, not the other receive metadata. */
    private static final int KEPT_FLAGS = FrameFlags.WIRE_MASK | FrameFlags.ECHO | FrameFlags.LOCAL;

    private final SoftwareMonitor monitor;
    private final int canIdWord;
    private final byte[][] masks;
    /** The kernel's {@code last_frames}: each frame kept by value. */
    private final HeapFrame[] last;
    private final boolean[] received;
    private final boolean[] pending;
    private final long timeoutNanos;
    private final long throttleNanos;
    private boolean timeoutArmed;
    private long timeoutDeadline;
    private boolean throttleArmed;
    private long throttleDeadline;
    private boolean notifiedOnce;
    private long lastNotify;

    SoftwareWatch(final BcmSession session, final int id, final WatchOptions options, final WatchListener listener,
        final SoftwareMonitor monitor)
    {
        super(session, id, options, OpTable.key(KernelWatch.canIdWord(id, options), options.fd()), listener);
        this.monitor = monitor;
        this.canIdWord = KernelWatch.canIdWord(id, options);
        this.masks = masksOf(options);
        this.last = new HeapFrame[masks.length];
        for (int i = 0; i < last.length; i++)
        {
            last[i] = new HeapFrame();
        }
        this.received = new boolean[masks.length];
        this.pending = new boolean[masks.length];
        this.timeoutNanos = options.timeout() == null ? 0 : options.timeout().toNanos();
        this.throttleNanos = options.throttle() == null ? 0 : options.throttle().toNanos();
    }

    private static byte[][] masksOf(final WatchOptions options)
    {
        if (options.mode() != WatchOptions.Mode.MULTIPLEXED)
        {
            return new byte[][] {options.mask()};
        }
        final byte[][] contentMasks = options.contentMasks();
        final byte[][] masks = new byte[contentMasks.length + 1][];
        masks[0] = options.mask();
        System.arraycopy(contentMasks, 0, masks, 1, contentMasks.length);
        return masks;
    }

    /** Arms the timeout (STARTTIMER) and hands the watch to the monitor thread. */
    void start()
    {
        if (timeoutNanos > 0)
        {
            timeoutArmed = true;
            timeoutDeadline = System.nanoTime() + timeoutNanos;
        }
        monitor.add(this);
    }

    @Override
    void release()
    {
        monitor.remove(this);
    }

    // ------------------------------------------------------------------------------------- bcm_rx_handler

    /** A frame of the channel arrived at {@code now}. Monitor thread. */
    void onFrame(final FrameView frame, final long now)
    {
        if (frame.rawCanId() != canIdWord || frame.isFd() != options.fd() || !isActive())
        {
            return;
        }
        timeoutArmed = false;
        switch (options.mode())
        {
            case REMOTE_REPLY ->
            {
                reply();
                return; // no timers in RTR mode
            }
            case EVERY_FRAME -> updateAndSend(0, frame, now);
            case MULTIPLEXED ->
            {
                for (int i = 1; i < masks.length; i++)
                {
                    if (multiplexer(frame) == WatchOptions.multiplexerValue(masks[0], masks[i]))
                    {
                        compareToIndex(i, frame, now);
                        break;
                    }
                }
            }
            default -> compareToIndex(0, frame, now);
        }
        if (timeoutNanos > 0)
        {
            timeoutArmed = true;
            timeoutDeadline = now + timeoutNanos;
        }
    }

    private void reply()
    {
        try
        {
            monitor.owner().send(options.reply());
        }
        catch (final CanException | RuntimeException ex)
        {
            PeriodicTaskBase.uncaught(ex);
        }
    }

    private long multiplexer(final ReadableFrame frame)
    {
        long value = 0;
        final byte[] muxMask = masks[0];
        for (int i = 0; i < Long.BYTES && i < muxMask.length; i++)
        {
            value |= (long)(muxMask[i] & dataOrZero(frame, i) & 0xFF) << (8 * i);
        }
        return value;
    }

    private void compareToIndex(final int index, final ReadableFrame frame, final long now)
    {
        if (!received[index])
        {
            updateAndSend(index, frame, now); // first reception
            return;
        }
        final byte[] mask = masks[index];
        final HeapFrame previous = last[index];
        final int compared = Math.min(mask.length, (frame.length() + 7) & ~7); // the kernel compares 8-byte words
        for (int i = 0; i < compared; i++)
        {
            if ((mask[i] & dataOrZero(frame, i)) != (mask[i] & dataOrZero(previous, i)))
            {
                updateAndSend(index, frame, now);
                return;
            }
        }
        if (options.checkLength() && frame.length() != previous.length())
        {
            updateAndSend(index, frame, now);
        }
    }

    private void updateAndSend(final int index, final ReadableFrame frame, final long now)
    {
        last[index].set(frame).flags(frame.flags() & KEPT_FLAGS);
        received[index] = true;
        pending[index] = true;
        if (throttleNanos == 0)
        {
            notify(index);
            return;
        }
        if (throttleArmed)
        {
            return; // the throttle timer reports the latest content when it fires
        }
        if (notifiedOnce && now - lastNotify < throttleNanos)
        {
            throttleArmed = true;
            throttleDeadline = lastNotify + throttleNanos;
            return;
        }
        notify(index);
        notifiedOnce = true;
        lastNotify = now;
    }

    private void notify(final int index)
    {
        pending[index] = false;
        changed(last[index]);
    }

    // ------------------------------------------------------------------------------------------------ timers

    /** Runs the timers due at {@code now}. Monitor thread, after the frames that came before {@code now}. */
    void onTime(final long now)
    {
        if (timeoutArmed && now - timeoutDeadline >= 0)
        {
            timeoutArmed = false;
            java.util.Arrays.fill(received, false); // RX_ANNOUNCE_RESUME: the next frame is news again
            java.util.Arrays.fill(pending, false);
            timedOut(WallClock.epochNanos(), TimestampSource.USER);
        }
        if (throttleArmed && now - throttleDeadline >= 0)
        {
            if (flushPending())
            {
                throttleDeadline = now + throttleNanos;
            }
            else
            {
                throttleArmed = false;
                notifiedOnce = false;
            }
        }
    }

    /** The next timer deadline, or {@code now + 1 s} when none is armed. Monitor thread. */
    long nextDeadline(final long now)
    {
        long next = now + 1_000_000_000L;
        if (timeoutArmed && timeoutDeadline - next < 0)
        {
            next = timeoutDeadline;
        }
        if (throttleArmed && throttleDeadline - next < 0)
        {
            next = throttleDeadline;
        }
        return next;
    }

    private boolean flushPending()
    {
        boolean flushed = false;
        for (int i = masks.length > 1 ? 1 : 0; i < masks.length; i++)
        {
            if (pending[i])
            {
                notify(i);
                flushed = true;
            }
        }
        return flushed;
    }

    private static int dataOrZero(final ReadableFrame frame, final int index)
    {
        return index < frame.length() && !frame.isRemote() ? frame.data(index) : 0;
    }
}
