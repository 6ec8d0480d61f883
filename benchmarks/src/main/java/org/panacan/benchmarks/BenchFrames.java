package org.panacan.benchmarks;

import java.nio.file.Path;

/**
 * What every benchmark sends and where it writes: the same frame (standard id 0x123, 8 bytes) for panacan, the C
 * programs, JavaCAN and python-can, so that every figure of a run measures the same work.
 */
public final class BenchFrames
{
    /** The identifier of every benchmark frame. */
    public static final int ID = 0x123;
    /** A frame with this identifier ends an echo loop (C programs and JavaCAN peers, which cannot be woken). */
    public static final int STOP_ID = 0x7FF;
    /** An identifier no benchmark sends: a socket filtered on it receives nothing. */
    public static final int UNUSED_ID = 0x7FE;
    /** The benchmark payload. */
    public static final byte[] PAYLOAD = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte)0x88};
    /** How long a send may retry a full queue, and the longest wait for an expected frame: 2 s. */
    public static final long TIMEOUT_NANOS = 2_000_000_000L;

    private BenchFrames()
    {
    }

    /** The interface under test: {@code -Dpanacan.bench.interface}, default {@code vcan0}. */
    public static String interfaceName()
    {
        return System.getProperty("panacan.bench.interface", "vcan0");
    }

    /** Where raw results (histograms) go: {@code -Dpanacan.bench.out}, default {@code benchmarks/results/tmp}. */
    public static Path outputDirectory()
    {
        return Path.of(System.getProperty("panacan.bench.out", "benchmarks/results/tmp"));
    }
}
