/**
 * Periodic transmission and receive monitoring: the kernel's Broadcast Manager (CAN_BCM) as a Java API, with a
 * software stand-in behind the same API.
 *
 * <h2>Periodic tasks</h2>
 * {@link org.panacan.CanBus#sendPeriodic} returns a {@link org.panacan.bcm.PeriodicTask}: python-can's
 * {@code CyclicSendTask} ({@code modify_data}, {@code stop}, {@code start}) on a {@code TX_SETUP} op.
 * <table>
 * <caption>What each option becomes in the kernel</caption>
 * <tr><th>panacan</th><th>BCM</th></tr>
 * <tr><td>unlimited, {@code period}</td><td>{@code count = 0, ival2 = period, SETTIMER | STARTTIMER}</td></tr>
 * <tr><td>{@code count(n)} / {@code duration(d)}</td><td>{@code count = n} (or {@code d / period}),
 * {@code ival1 = period}, {@code TX_COUNTEVT}; then {@code ival2 = thenPeriod} or the end</td></tr>
 * <tr><td>{@code modifyData(frames)}</td><td>{@code TX_SETUP} without {@code SETTIMER}: same timer, new
 * frames</td></tr>
 * <tr><td>{@code modifyData(frames, true)}</td><td>a fresh op started now</td></tr>
 * <tr><td>{@code stop()}</td><td>{@code TX_DELETE}</td></tr>
 * <tr><td>CAN FD frames</td><td>{@code CAN_FD_FRAME}, 72-byte frames after the head</td></tr>
 * <tr><td>{@link org.panacan.bcm.PeriodicListener#onExpired}</td><td>{@code TX_EXPIRED}</td></tr>
 * </table>
 * Each task has its own op key, so several tasks may send the same identifier; a bus closes its tasks with it. The
 * kernel cannot delay a task's first frame ({@code STARTTIMER} implies {@code TX_ANNOUNCE}), so a task with
 * {@code firstFrameDelayed} is handed to the kernel one period late by the bus's BCM thread. For a count of one the
 * kernel sends the frame during setup and reports no expiry; panacan reports it.
 *
 * <h2>Watches</h2>
 * {@link org.panacan.CanBus#watch} sets up an {@code RX_SETUP} op: content changes under a mask
 * ({@code RX_CHANGED}), multiplexed masks, every frame ({@code RX_FILTER_ID}), throttling ({@code ival2}), a
 * silence alarm ({@code RX_TIMEOUT}, {@code ival1}, started at once) with a notice when the id comes back
 * ({@code RX_ANNOUNCE_RESUME}), or answers to remote requests ({@code RX_RTR_FRAME}). Events
 * ({@link org.panacan.bcm.WatchEvent}) reach a {@link org.panacan.bcm.WatchListener} on the bus's BCM thread, or
 * wait in a bounded queue for {@link org.panacan.bcm.Watch#poll}, allocation-free either way.
 *
 * <h2>Threads and timestamps</h2>
 * A SocketCAN bus opens its BCM socket on first use, with one daemon thread ({@code panacan-bcm-<interface>}) that
 * reads the events and times delayed starts. Event stamps come from the kernel ({@code SO_TIMESTAMPNS}): an
 * {@code RX_CHANGED} carries the receive stamp of its frame; {@code TX_EXPIRED} and {@code RX_TIMEOUT} carry none of
 * their own, so the kernel stamps them when the BCM thread reads them, microseconds after they happened.
 *
 * <h2>Software scheduling</h2>
 * The virtual bus has no kernel, and a {@link org.panacan.bcm.PayloadModifier} needs a callback per frame; there a
 * software scheduler sends (one thread per bus, absolute deadlines, park then spin) and a software monitor keeps the
 * watches (the kernel's receive logic ported to Java), with the same semantics.
 *
 * <p>Everything a caller passes is checked before the kernel sees it: a rejected task or watch leaves nothing
 * behind.
 */
package org.panacan.bcm;
