package org.panacan.isotp.java;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A {@link FrameSink} that keeps every frame, for the state machine tests; can be told to refuse. */
class RecordingSink implements FrameSink
{
    final List<Integer> ids = new ArrayList<>();
    final List<byte[]> frames = new ArrayList<>();
    int batchCapacity = 1;
    int flushes;
    boolean refuse;
    private final List<Integer> batchIds = new ArrayList<>();
    private final List<byte[]> batch = new ArrayList<>();

    @Override
    public boolean send(final int idWord, final byte[] frame, final int length)
    {
        if (refuse)
        {
            return false;
        }
        ids.add(idWord);
        frames.add(Arrays.copyOf(frame, length));
        return true;
    }

    @Override
    public int batchCapacity()
    {
        return batchCapacity;
    }

    @Override
    public void add(final int idWord, final byte[] frame, final int length)
    {
        batchIds.add(idWord);
        batch.add(Arrays.copyOf(frame, length));
    }

    @Override
    public boolean flush()
    {
        flushes++;
        if (refuse)
        {
            batch.clear();
            batchIds.clear();
            return false;
        }
        ids.addAll(batchIds);
        frames.addAll(batch);
        batch.clear();
        batchIds.clear();
        return true;
    }

    /** Frame {@code index} in hex, upper case. */
    String hex(final int index)
    {
        return HexFormat.of().withUpperCase().formatHex(frames.get(index));
    }

    byte[] last()
    {
        return frames.get(frames.size() - 1);
    }

    void clear()
    {
        ids.clear();
        frames.clear();
    }
}
