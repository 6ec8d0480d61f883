/*
 * Ping-pong latency, the kernel limit: two CAN_RAW sockets on one interface, two threads, plain blocking
 * write() / read(). The pinger writes a frame and blocks in read() until the echo thread has read it and written
 * it back; every round trip (ns, CLOCK_MONOTONIC) after the warm-up is appended to OUT as little-endian int64.
 *
 *   pingpong IFNAME WARMUP_SECONDS SECONDS OUT
 */
#include "canbench.h"

#include <pthread.h>

static int echo_socket;

static void *echo(void *unused)
{
    (void)unused;
    struct can_frame f;
    while (1)
    {
        if (read(echo_socket, &f, sizeof f) != sizeof f)
        {
            die("echo read");
        }
        if (f.can_id == STOP_ID)
        {
            return NULL;
        }
        if (write(echo_socket, &f, sizeof f) != sizeof f)
        {
            die("echo write");
        }
    }
}

int main(const int argc, char **argv)
{
    if (argc != 5)
    {
        fprintf(stderr, "usage: %s IFNAME WARMUP_SECONDS SECONDS OUT\n", argv[0]);
        return 2;
    }
    const double warmup = atof(argv[2]);
    const double seconds = atof(argv[3]);
    const int ping = open_can(argv[1], 1);
    echo_socket = open_can(argv[1], 1);
    pthread_t thread;
    pthread_create(&thread, NULL, echo, NULL);

    size_t capacity = 1 << 20;
    size_t count = 0;
    int64_t *samples = malloc(capacity * sizeof *samples);
    struct can_frame f;
    struct can_frame reply;
    bench_frame(&f, BENCH_ID);
    const long long start = now_ns();
    const long long measure_from = start + (long long)(warmup * 1e9);
    const long long end = measure_from + (long long)(seconds * 1e9);
    long long t1 = start;
    while (t1 < end)
    {
        const long long t0 = now_ns();
        if (write(ping, &f, sizeof f) != sizeof f)
        {
            die("ping write");
        }
        if (read(ping, &reply, sizeof reply) != sizeof reply)
        {
            die("ping read");
        }
        t1 = now_ns();
        if (t0 >= measure_from)
        {
            if (count == capacity)
            {
                capacity *= 2;
                samples = realloc(samples, capacity * sizeof *samples);
            }
            samples[count++] = t1 - t0;
        }
    }
    bench_frame(&f, STOP_ID);
    if (write(ping, &f, sizeof f) != sizeof f)
    {
        die("stop write");
    }
    pthread_join(thread, NULL);

    FILE *out = fopen(argv[4], "wb");
    if (out == NULL || fwrite(samples, sizeof *samples, count, out) != count || fclose(out) != 0)
    {
        die(argv[4]);
    }
    double sum = 0;
    for (size_t i = 0; i < count; i++)
    {
        sum += (double)samples[i];
    }
    printf("RESULT name=c-pingpong-read-write samples=%zu mean_ns=%.0f seconds=%.1f\n", count,
        count ? sum / (double)count : 0.0, seconds);
    return 0;
}
