package org.panacan.ring;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.Arena;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.panacan.FrameView;

/**
 * Rule 2 of {@link FrameRing}: the producer overwrites a slot only after the consumer's release of head says it
 * has finished reading it. The ring starts full (frames 1 and 2); the consumer reads frame 1 while the producer
 * tries to claim the slot it occupies and write 99 there.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "producer found the ring still full")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "producer reused the slot after the read")
@Outcome(expect = FORBIDDEN, desc = "consumer saw a slot the producer was overwriting")
@State
public class FrameRingSlotReuseStress
{
    private final FrameRing ring = new FrameRing(Arena.ofAuto(), 2, FrameRingDescriptor.CAN_MTU);
    private final FrameView view = new FrameView();

    public FrameRingSlotReuseStress()
    {
        write(1);
        write(2);
    }

    private void write(final int canId)
    {
        final long slot = ring.slotOffset(ring.tail());
        ring.slots().set(JAVA_INT, slot + FrameRingDescriptor.FRAME_OFFSET, canId);
        ring.slots().set(JAVA_SHORT, slot + FrameRingDescriptor.FRAME_SIZE_OFFSET, (short)16);
        ring.publish(1);
    }

    @Actor
    public void consumer(final II_Result result)
    {
        ring.drain(view, frame -> result.r1 = frame.rawCanId(), 1);
    }

    @Actor
    public void producer(final II_Result result)
    {
        if (ring.claimable(1) == 1)
        {
            write(99);
            result.r2 = 1;
        }
    }
}
