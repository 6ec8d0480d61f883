package org.panacan.cli;

import java.util.SplittableRandom;

import org.panacan.CanFrame;
import org.panacan.Dlc;
import org.panacan.FrameFlags;
import org.panacan.FrameRules;

/**
 * cangen's frame generation: ids, lengths and payloads each random, incrementing or fixed, classic or CAN FD.
 * {@link #next()} fills the one reusable frame ({@link #id()}, {@link #flags()}, {@link #length()},
 * {@link #len8Dlc()}, {@link #data()}); nothing is allocated per frame.
 */
final class FrameGenerator
{
    /** How a field is generated. */
    enum Mode
    {
        RANDOM, RANDOM_EVEN, RANDOM_ODD, INCREMENT, FIXED
    }

    /**
     * A field's mode with its fixed value (and, for payloads, which nibbles of the fixed value are random).
     *
     * @param mode        how values are generated
     * @param value       the fixed id or length
     * @param data        the fixed payload
     * @param randomMask  for a fixed payload: bits to randomise (nibbles written 'x')
     */
    record Spec(Mode mode, int value, byte[] data, byte[] randomMask)
    {
        static Spec of(final Mode mode)
        {
            return new Spec(mode, 0, new byte[Dlc.MAX_FD_LENGTH], new byte[Dlc.MAX_FD_LENGTH]);
        }

        /** cangen's mode argument: r, e, o, i, or a hex value (payload nibbles may be 'x'). */
        static Spec parse(final String text, final boolean payload)
        {
            switch (text)
            {
                case "r":
                    return of(Mode.RANDOM);
                case "e":
                    return of(Mode.RANDOM_EVEN);
                case "o":
                    return of(Mode.RANDOM_ODD);
                case "i":
                    return of(Mode.INCREMENT);
                default:
                    break;
            }
            if (!payload)
            {
                if (text.isEmpty() || text.length() > 8 || !text.chars().allMatch(c -> c < 128
                    && Character.digit(c, 16) >= 0))
                {
                    throw new IllegalArgumentException("mode '" + text + "' is not r, e, o, i or a hex value");
                }
                return new Spec(Mode.FIXED, Integer.parseUnsignedInt(text, 16), new byte[0], new byte[0]);
            }
            if (text.length() % 2 != 0 || text.length() > 2 * Dlc.MAX_FD_LENGTH || text.isEmpty())
            {
                throw new IllegalArgumentException("payload '" + text + "' needs an even number (2..128) of hex "
                    + "digits or x");
            }
            final byte[] data = new byte[Dlc.MAX_FD_LENGTH];
            final byte[] mask = new byte[Dlc.MAX_FD_LENGTH];
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                final int shift = i % 2 == 0 ? 4 : 0;
                if (c == 'x' || c == 'X')
                {
                    mask[i / 2] |= (byte)(0xF << shift);
                }
                else if (Character.digit(c, 16) >= 0 && c < 128)
                {
                    data[i / 2] |= (byte)(Character.digit(c, 16) << shift);
                }
                else
                {
                    throw new IllegalArgumentException("payload '" + text + "' has '" + c + "' at " + (i + 1)
                        + " (expected a hex digit or x)");
                }
            }
            return new Spec(Mode.FIXED, text.length() / 2, data, mask);
        }
    }

    private final Spec ids;
    private final Spec lengths;
    private final Spec payloads;
    private final int frameFlags;
    private final boolean len8Dlcs;
    private final SplittableRandom random;
    private final byte[] data = new byte[Dlc.MAX_FD_LENGTH];
    private int id;
    private int length;
    private int len8Dlc;
    private int nextIncrementingId;
    private int incrementingDlc;
    private long incrementingData;

    /**
     * @param frameFlags {@link FrameFlags}: EXTENDED, REMOTE, FD, BRS, ESI as every frame should have them
     * @param len8Dlcs   random and incrementing classic lengths may use raw DLCs 9..F (cangen -8)
     */
    FrameGenerator(final Spec ids, final Spec lengths, final Spec payloads, final int frameFlags,
        final boolean len8Dlcs, final long seed)
    {
        this.ids = ids;
        this.lengths = lengths;
        this.payloads = payloads;
        this.frameFlags = frameFlags;
        this.len8Dlcs = len8Dlcs;
        this.random = new SplittableRandom(seed);
        final boolean fd = (frameFlags & FrameFlags.FD) != 0;
        if (ids.mode() == Mode.FIXED)
        {
            FrameRules.checkId(ids.value(), frameFlags);
            id = ids.value();
        }
        if (lengths.mode() == Mode.FIXED)
        {
            final int max = fd ? Dlc.MAX_FD_LENGTH : Dlc.MAX_CLASSIC_LENGTH;
            if (lengths.value() > max)
            {
                throw new IllegalArgumentException("length " + lengths.value() + " exceeds " + max);
            }
            length = fd ? Dlc.fdRoundUp(lengths.value()) : lengths.value();
        }
        if ((frameFlags & FrameFlags.FD) != 0 && (frameFlags & FrameFlags.REMOTE) != 0)
        {
            throw new IllegalArgumentException("CAN FD has no remote frames");
        }
    }

    /** Generates the next frame. */
    void next()
    {
        nextId();
        nextLength();
        nextPayload();
    }

    private void nextId()
    {
        final int mask = (frameFlags & FrameFlags.EXTENDED) != 0 ? FrameRules.MAX_EXTENDED_ID
            : FrameRules.MAX_STANDARD_ID;
        switch (ids.mode())
        {
            case RANDOM -> id = random.nextInt() & mask;
            case RANDOM_EVEN -> id = random.nextInt() & mask & ~1;
            case RANDOM_ODD -> id = (random.nextInt() | 1) & mask;
            case INCREMENT ->
            {
                id = nextIncrementingId;
                nextIncrementingId = (nextIncrementingId + 1) & mask;
            }
            case FIXED ->
            {
            }
        }
    }

    private void nextLength()
    {
        switch (lengths.mode())
        {
            case RANDOM, RANDOM_EVEN, RANDOM_ODD -> dlc(random.nextInt(16));
            case INCREMENT -> dlc(incrementingDlc++ % 16);
            case FIXED ->
            {
            }
        }
        if (payloads.mode() == Mode.INCREMENT && length == 0 && (frameFlags & FrameFlags.REMOTE) == 0)
        {
            length = 1; // as cangen: incrementing data needs a byte to show it
        }
    }

    private void dlc(final int dlc)
    {
        if (isFd())
        {
            length = Dlc.fdLength(dlc);
            len8Dlc = 0;
        }
        else
        {
            length = Math.min(dlc, Dlc.MAX_CLASSIC_LENGTH);
            len8Dlc = len8Dlcs && dlc > Dlc.MAX_CLASSIC_LENGTH ? dlc : 0;
        }
    }

    private void nextPayload()
    {
        switch (payloads.mode())
        {
            case RANDOM, RANDOM_EVEN, RANDOM_ODD ->
            {
                for (int i = 0; i < length; i += 8)
                {
                    long bits = random.nextLong();
                    for (int j = i; j < Math.min(i + 8, length); j++, bits >>>= 8)
                    {
                        data[j] = (byte)bits;
                    }
                }
            }
            case INCREMENT ->
            {
                long value = incrementingData++;
                for (int i = 0; i < Math.min(8, length); i++, value >>>= 8)
                {
                    data[i] = (byte)value;
                }
            }
            case FIXED ->
            {
                final byte[] fixed = payloads.data();
                final byte[] mask = payloads.randomMask();
                for (int i = 0; i < length; i++)
                {
                    data[i] = (byte)((fixed[i] & ~mask[i]) | (random.nextInt() & mask[i]));
                }
            }
        }
    }

    private boolean isFd()
    {
        return (frameFlags & FrameFlags.FD) != 0;
    }

    int id()
    {
        return id;
    }

    /** Wire flags for the send call. */
    int flags()
    {
        return frameFlags;
    }

    int length()
    {
        return length;
    }

    int len8Dlc()
    {
        return len8Dlc;
    }

    /** The current frame as an immutable {@link CanFrame} (allocates: for raw DLCs and printing). */
    CanFrame frame()
    {
        final CanFrame.Builder builder = CanFrame.builder().id(id).flags(frameFlags).len8Dlc(len8Dlc);
        return (frameFlags & FrameFlags.REMOTE) != 0 ? builder.remote(length).build()
            : builder.data(java.util.Arrays.copyOf(data, length)).build();
    }

    /** The payload (valid up to {@link #length()}), reused for every frame. */
    byte[] data()
    {
        return data;
    }
}
