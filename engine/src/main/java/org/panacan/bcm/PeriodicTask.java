package org.panacan.bcm;

import java.time.Duration;
import java.util.List;

import org.panacan.CanException;
import org.panacan.CanFrame;

/**
 * A frame, or a sequence of up to 256 frames sent one after another, repeated at a fixed period: python-can's
 * {@code CyclicSendTask} ({@code modify_data}, {@code stop}, {@code start}), which the Jumpstarter {@code CanClient}
 * passes through.
 *
 * <p>On a SocketCAN bus the kernel's Broadcast Manager sends the frames from a high-resolution timer: no JVM thread
 * is involved, so garbage collection and scheduling do not move them. On the virtual bus, and for tasks with a
 * {@link PayloadModifier}, panacan's software scheduler sends them (absolute deadlines, park then spin).
 *
 * <p>All methods are thread-safe. A task ends by itself when its count or duration is used up, and with its bus.
 */
public interface PeriodicTask
{
    /** The frames the task sends, in order, as last set. */
    List<CanFrame> frames();

    /** The period between two frames (between the frames of a sequence too). */
    Duration period();

    /** The options the task was created with. */
    PeriodicOptions options();

    /** Whether the kernel's Broadcast Manager schedules this task (else panacan's software scheduler does). */
    boolean isKernelScheduled();

    /**
     * Replaces the frames without disturbing the cycle: the next frame due goes out with the new content, exactly
     * one period after the previous one (BCM {@code TX_SETUP} without {@code SETTIMER}).
     *
     * @throws IllegalArgumentException the frame count or the CAN FD / classic kind differs from the task's
     * @throws IllegalStateException    the task is not running
     */
    default void modifyData(final List<CanFrame> frames) throws CanException
    {
        modifyData(frames, false);
    }

    /** {@link #modifyData(List)} for a single-frame task. */
    default void modifyData(final CanFrame frame) throws CanException
    {
        modifyData(List.of(frame), false);
    }

    /**
     * Replaces the frames; with {@code restart}, the cycle starts over now: the first new frame goes out at once,
     * the sequence index, count and duration start again.
     *
     * @throws IllegalArgumentException the frame count or the CAN FD / classic kind differs from the task's
     * @throws IllegalStateException    the task is not running
     */
    void modifyData(List<CanFrame> frames, boolean restart) throws CanException;

    /** Stops sending ({@code TX_DELETE}); no frame of this task goes out after this returns. Idempotent. */
    void stop() throws CanException;

    /**
     * Starts the task again after {@link #stop()} or after it ended by itself: count and duration start over, the
     * first frame goes out as the options say. Does nothing while the task runs.
     */
    void start() throws CanException;

    /** Whether the task is sending (or waiting for its first frame); false once stopped, ended or its bus closed. */
    boolean isRunning();

    /**
     * Waits until the task is not running any more: its count or duration ran out, it was stopped, or its bus closed.
     *
     * @return whether it ended within {@code timeout}
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException;
}
