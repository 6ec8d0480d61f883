/*
 * Send throughput, the kernel limit: one CAN_RAW socket (default options: local loopback on, nothing listening)
 * sends the benchmark frame for SECONDS, one write() per frame or sendmmsg(BATCH). A full queue (ENOBUFS) is
 * retried at once.
 *
 *   send IFNAME write|sendmmsg BATCH SECONDS
 */
#include "canbench.h"

#define MAX_BATCH 1024

int main(const int argc, char **argv)
{
    if (argc != 5)
    {
        fprintf(stderr, "usage: %s IFNAME write|sendmmsg BATCH SECONDS\n", argv[0]);
        return 2;
    }
    const int use_write = strcmp(argv[2], "write") == 0;
    const int batch = atoi(argv[3]);
    const double seconds = atof(argv[4]);
    if (batch < 1 || batch > MAX_BATCH)
    {
        fprintf(stderr, "batch must be 1..%d\n", MAX_BATCH);
        return 2;
    }
    const int s = open_can(argv[1], 0);
    static struct can_frame frames[MAX_BATCH];
    static struct iovec iovs[MAX_BATCH];
    static struct mmsghdr msgs[MAX_BATCH];
    for (int i = 0; i < batch; i++)
    {
        bench_frame(&frames[i], BENCH_ID);
        iovs[i].iov_base = &frames[i];
        iovs[i].iov_len = sizeof frames[i];
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    long long sent = 0;
    long long retries = 0;
    const long long start = now_ns();
    const long long end = start + (long long)(seconds * 1e9);
    long long now = start;
    while (now < end)
    {
        for (int round = 0; round < 64; round++)
        {
            if (use_write)
            {
                if (write(s, &frames[0], sizeof frames[0]) == sizeof frames[0])
                {
                    sent++;
                }
                else if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
                {
                    retries++;
                }
                else
                {
                    die("write");
                }
                continue;
            }
            const int n = sendmmsg(s, msgs, (unsigned)batch, 0);
            if (n > 0)
            {
                sent += n;
            }
            else if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
            {
                retries++;
            }
            else
            {
                die("sendmmsg");
            }
        }
        now = now_ns();
    }
    printf("RESULT name=c-send-%s%s frames_per_s=%.0f frames=%lld retries=%lld batch=%d\n",
        use_write ? "write" : "sendmmsg", use_write ? "" : argv[3], (double)sent * 1e9 / (double)(now - start), sent,
        retries, use_write ? 1 : batch);
    return 0;
}
