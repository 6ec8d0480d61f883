package org.panacan.bcm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Broadcast Manager ops by key ({@code can_id} plus the CAN FD bit), for the event thread to find the task or watch
 * an event belongs to without allocating: a copy-on-write pair of sorted arrays, binary-searched.
 *
 * <p>Writers ({@link #putIfAbsent}, {@link #remove}) serialise on the table's monitor and publish a new snapshot with
 * a release store; {@link #get} reads the snapshot with an acquire load, so it sees a complete pair of arrays. Ops
 * change rarely (a task starts, a watch begins); events are the frequent side.
 */
final class OpTable<T>
{
    private record Snapshot(long[] keys, Object[] values)
    {
    }

    private Snapshot snapshot = new Snapshot(new long[0], new Object[0]);

    /** The op for {@code key}, or {@code null}. Any thread, no allocation. */
    @SuppressWarnings("unchecked")
    T get(final long key)
    {
        final Snapshot current = (Snapshot)SNAPSHOT.getAcquire(this);
        final int index = Arrays.binarySearch(current.keys, key);
        return index >= 0 ? (T)current.values[index] : null;
    }

    /** Adds {@code value} under {@code key} unless the key is taken; returns the op already there, or null. */
    @SuppressWarnings("unchecked")
    synchronized T putIfAbsent(final long key, final T value)
    {
        final Snapshot current = snapshot;
        final int index = Arrays.binarySearch(current.keys, key);
        if (index >= 0)
        {
            return (T)current.values[index];
        }
        final int at = -index - 1;
        final int size = current.keys.length;
        final long[] keys = new long[size + 1];
        final Object[] values = new Object[size + 1];
        System.arraycopy(current.keys, 0, keys, 0, at);
        System.arraycopy(current.values, 0, values, 0, at);
        keys[at] = key;
        values[at] = value;
        System.arraycopy(current.keys, at, keys, at + 1, size - at);
        System.arraycopy(current.values, at, values, at + 1, size - at);
        SNAPSHOT.setRelease(this, new Snapshot(keys, values));
        return null;
    }

    /** Removes {@code key} if it maps to {@code value}. */
    synchronized void remove(final long key, final T value)
    {
        final Snapshot current = snapshot;
        final int index = Arrays.binarySearch(current.keys, key);
        if (index < 0 || current.values[index] != value)
        {
            return;
        }
        final int size = current.keys.length;
        final long[] keys = new long[size - 1];
        final Object[] values = new Object[size - 1];
        System.arraycopy(current.keys, 0, keys, 0, index);
        System.arraycopy(current.values, 0, values, 0, index);
        System.arraycopy(current.keys, index + 1, keys, index, size - index - 1);
        System.arraycopy(current.values, index + 1, values, index, size - index - 1);
        SNAPSHOT.setRelease(this, new Snapshot(keys, values));
    }

    /** Every op, in key order (a snapshot). */
    synchronized Object[] values()
    {
        return snapshot.values.clone();
    }

    /** The key of a BCM op: the {@code can_id} word, plus bit 32 for CAN FD ops. */
    static long key(final int canIdWord, final boolean fd)
    {
        return (canIdWord & 0xFFFF_FFFFL) | (fd ? 1L << 32 : 0);
    }

    private static final VarHandle SNAPSHOT;

    static
    {
        try
        {
            SNAPSHOT = MethodHandles.lookup().findVarHandle(OpTable.class, "snapshot", Snapshot.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
