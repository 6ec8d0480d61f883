/*
 * Shared helpers of the C reference programs: the kernel limit that panacan is measured against.
 * Each program prints one line per measurement:  RESULT name=<id> key=value ...  (parsed by the report).
 */
#ifndef CANBENCH_H
#define CANBENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <linux/can.h>
#include <linux/can/raw.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_RCVBUFFORCE
#define SO_RCVBUFFORCE 33
#endif
#ifndef SO_RXQ_OVFL
#define SO_RXQ_OVFL 40
#endif

/* Every benchmark sends this frame: standard id 0x123, 8 bytes. The stop frame ends an echo loop. */
#define BENCH_ID 0x123
#define STOP_ID 0x7FF

static inline void die(const char *what)
{
    perror(what);
    exit(1);
}

static inline long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A CAN_RAW socket bound to ifname; receive = 0 installs an empty filter list (the socket receives nothing). */
static inline int open_can(const char *ifname, int receive)
{
    const int s = socket(PF_CAN, SOCK_RAW, CAN_RAW);
    if (s < 0)
    {
        die("socket");
    }
    if (!receive && setsockopt(s, SOL_CAN_RAW, CAN_RAW_FILTER, NULL, 0) < 0)
    {
        die("CAN_RAW_FILTER");
    }
    struct sockaddr_can addr = {0};
    addr.can_family = AF_CAN;
    addr.can_ifindex = (int)if_nametoindex(ifname);
    if (addr.can_ifindex == 0)
    {
        die(ifname);
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0)
    {
        die("bind");
    }
    return s;
}

static inline void set_int(const int s, const int level, const int name, const int value, const char *what)
{
    if (setsockopt(s, level, name, &value, sizeof value) < 0)
    {
        die(what);
    }
}

static inline void bench_frame(struct can_frame *f, const canid_t id)
{
    memset(f, 0, sizeof *f);
    f->can_id = id;
    f->len = 8;
    for (int i = 0; i < 8; i++)
    {
        f->data[i] = (unsigned char)(0x11 * (i + 1));
    }
}

/* Queues count benchmark frames on every socket that receives from sender's interface, with sendmmsg(64). */
static inline void fill_queue(const int sender, const int count)
{
    static struct mmsghdr out[64];
    static struct iovec outv[64];
    static struct can_frame f;
    bench_frame(&f, BENCH_ID);
    for (int i = 0; i < 64; i++)
    {
        outv[i].iov_base = &f;
        outv[i].iov_len = sizeof f;
        memset(&out[i], 0, sizeof out[i]);
        out[i].msg_hdr.msg_iov = &outv[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    int sent = 0;
    while (sent < count)
    {
        const int n = sendmmsg(sender, out, count - sent < 64 ? (unsigned)(count - sent) : 64, 0);
        if (n < 0)
        {
            if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
            {
                continue;
            }
            die("fill sendmmsg");
        }
        sent += n;
    }
}

/* What panacan reads from a received frame's control messages: the SO_TIMESTAMPNS stamp and the SO_RXQ_OVFL count. */
static inline void read_control(struct msghdr *msg, long long *stamp, unsigned *drops)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c))
    {
        if (c->cmsg_level != SOL_SOCKET)
        {
            continue;
        }
        if (c->cmsg_type == SO_TIMESTAMPNS)
        {
            const struct timespec *ts = (const struct timespec *)CMSG_DATA(c);
            *stamp = ts->tv_sec * 1000000000LL + ts->tv_nsec;
        }
        else if (c->cmsg_type == SO_RXQ_OVFL)
        {
            memcpy(drops, CMSG_DATA(c), sizeof *drops);
        }
    }
}

#endif
