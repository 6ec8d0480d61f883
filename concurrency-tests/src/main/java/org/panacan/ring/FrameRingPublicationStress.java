package org.panacan.ring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.Arena;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;
import org.panacan.FrameView;

/**
 * Rule 1 of {@link FrameRing}: a consumer that sees the published tail sees the whole slot, written with plain
 * stores before the release. The slot's can_id and timestamp are written separately, so a torn read shows up as
 * one of them missing.
 */
@JCStressTest
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "consumer drained before the publish")
@Outcome(id = "42, 4242", expect = ACCEPTABLE, desc = "published slot seen whole")
@Outcome(expect = FORBIDDEN, desc = "tail seen before the slot contents")
@State
public class FrameRingPublicationStress
{
    private final FrameRing ring = new FrameRing(Arena.ofAuto(), 2, FrameRingDescriptor.CAN_MTU);
    private final FrameView view = new FrameView();

    @Actor
    public void producer()
    {
        final long slot = ring.slotOffset(ring.tail());
        ring.slots().set(JAVA_INT, slot + FrameRingDescriptor.FRAME_OFFSET, 42);
        ring.slots().set(JAVA_LONG, slot + FrameRingDescriptor.TIMESTAMP_OFFSET, 4242L);
        ring.publish(1);
    }

    @Actor
    public void consumer(final JJ_Result result)
    {
        result.r1 = -1;
        result.r2 = -1;
        ring.drain(view, frame ->
        {
            result.r1 = frame.rawCanId();
            result.r2 = frame.timestampNanos();
        }, 1);
    }
}
