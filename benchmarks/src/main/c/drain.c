/*
 * Receive throughput, the kernel limit: frames delivered from a pre-filled socket queue. Repeatedly fills a
 * receiving socket (SO_RCVBUFFORCE: large enough for FRAMES frames) from a second socket with sendmmsg, then times
 * draining exactly FRAMES frames, either with recvmmsg(BATCH) or with one read() per frame. Only the drains are
 * timed; the result is frames / total drain time over the rounds that fit in SECONDS.
 *
 *   drain IFNAME recvmmsg|read BATCH FRAMES SECONDS RCVBUF CMSG
 *
 * CMSG=1 asks for what panacan's default bus asks for: SO_TIMESTAMPNS and SO_RXQ_OVFL control messages, parsed
 * per frame (recvmmsg only; read() cannot return them).
 */
#include "canbench.h"

#include <sys/uio.h>

#define MAX_BATCH 1024
#define CONTROL_LENGTH 128

static struct mmsghdr msgs[MAX_BATCH];
static struct iovec iovs[MAX_BATCH];
static struct can_frame frames[MAX_BATCH];
static char controls[MAX_BATCH][CONTROL_LENGTH] __attribute__((aligned(8)));

int main(const int argc, char **argv)
{
    if (argc != 8)
    {
        fprintf(stderr, "usage: %s IFNAME recvmmsg|read BATCH FRAMES SECONDS RCVBUF CMSG\n", argv[0]);
        return 2;
    }
    const int use_read = strcmp(argv[2], "read") == 0;
    const int batch = atoi(argv[3]);
    const int count = atoi(argv[4]);
    const double seconds = atof(argv[5]);
    const int rcvbuf = atoi(argv[6]);
    const int cmsg = atoi(argv[7]) && !use_read;
    if (batch < 1 || batch > MAX_BATCH)
    {
        fprintf(stderr, "batch must be 1..%d\n", MAX_BATCH);
        return 2;
    }
    const int sender = open_can(argv[1], 0);
    const int receiver = open_can(argv[1], 1);
    set_int(receiver, SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf, "SO_RCVBUFFORCE");
    if (cmsg)
    {
        set_int(receiver, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
        set_int(receiver, SOL_SOCKET, SO_RXQ_OVFL, 1, "SO_RXQ_OVFL");
    }
    for (int i = 0; i < batch; i++)
    {
        iovs[i].iov_base = &frames[i];
        iovs[i].iov_len = sizeof frames[i];
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_control = cmsg ? controls[i] : NULL;
    }

    unsigned long long checksum = 0;
    long long lastStamp = 0;
    unsigned drops = 0;
    long long drained = 0;
    long long busy = 0;
    int rounds = 0;
    const long long end = now_ns() + (long long)(seconds * 1e9);
    while (now_ns() < end || rounds == 0)
    {
        fill_queue(sender, count);
        int got = 0;
        const long long t0 = now_ns();
        while (got < count)
        {
            if (use_read)
            {
                struct can_frame f;
                const ssize_t n = read(receiver, &f, sizeof f);
                if (n != sizeof f)
                {
                    die("read");
                }
                checksum += f.can_id + f.data[0];
                got++;
                continue;
            }
            const int want = count - got < batch ? count - got : batch;
            for (int i = 0; i < want; i++)
            {
                msgs[i].msg_hdr.msg_controllen = cmsg ? CONTROL_LENGTH : 0;
            }
            const int n = recvmmsg(receiver, msgs, (unsigned)want, MSG_DONTWAIT, NULL);
            if (n <= 0)
            {
                fprintf(stderr, "drain: queue empty after %d of %d frames (dropped?)\n", got, count);
                return 1;
            }
            for (int i = 0; i < n; i++)
            {
                checksum += frames[i].can_id + frames[i].data[0];
                if (cmsg)
                {
                    read_control(&msgs[i].msg_hdr, &lastStamp, &drops);
                }
            }
            got += n;
        }
        busy += now_ns() - t0;
        drained += count;
        rounds++;
    }
    printf("RESULT name=c-drain-%s%s%s frames_per_s=%.0f frames=%lld rounds=%d batch=%d queue=%d drops=%u "
        "checksum=%llu stamp=%d\n", use_read ? "read" : "recvmmsg", use_read ? "" : argv[3],
        cmsg ? "-cmsg" : "", (double)drained * 1e9 / (double)busy, drained, rounds, use_read ? 1 : batch, count,
        drops, checksum, lastStamp != 0);
    return 0;
}
