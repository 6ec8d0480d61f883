/*
 * Receive throughput through io_uring, the kernel's other way to take frames off a socket: the same rounds as
 * drain.c with CMSG=1 (queue FRAMES frames from a second socket, time only the drain, parse each frame's
 * SO_TIMESTAMPNS and SO_RXQ_OVFL), but the drain is one multishot IORING_OP_RECVMSG over a ring of provided
 * buffers. The kernel then takes frame after frame without a system call, a msghdr copy or an iovec import per
 * frame; it posts one completion per frame instead, and the timed loop reaps the completions and hands the buffers
 * back. IORING_SETUP_DEFER_TASKRUN keeps the receiving inside the timed io_uring_enter: without it the kernel would
 * receive while the untimed fill's sendmmsg returns. Needs Linux 6.1 (multishot recvmsg, buffer rings, deferred
 * task running).
 *
 *   drain_uring IFNAME FRAMES SECONDS RCVBUF
 */
#include "canbench.h"

#include <linux/io_uring.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>

/* Provided buffers: every frame queued may be taken in one io_uring_enter, before any buffer comes back. */
#define BUFFERS 16384
/* A buffer: struct io_uring_recvmsg_out, no name, CONTROL_LENGTH of control messages, then the frame. */
#define CONTROL_LENGTH 64
#define BUFFER_LENGTH 128
#define COMPLETIONS (2 * BUFFERS)
#define BUFFER_GROUP 0

struct uring
{
    int fd;
    unsigned *sq_tail, *sq_mask, *sq_array;
    unsigned *cq_head, *cq_tail, *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    struct io_uring_buf_ring *buffer_ring;
    unsigned short buffer_tail;
    char *buffers;
    struct msghdr layout; /* what each buffer holds besides the frame: the kernel reads the lengths only */
    int armed;
};

static void *map(const int fd, const size_t length, const off_t offset, const char *what)
{
    void *p = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
    if (p == MAP_FAILED)
    {
        die(what);
    }
    return p;
}

static void *anonymous(const size_t length)
{
    void *p = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED)
    {
        die("mmap buffers");
    }
    return p;
}

/* Hands buffer bid back to the kernel (published by the next publish_buffers). */
static void return_buffer(struct uring *u, const unsigned bid)
{
    struct io_uring_buf *b = &u->buffer_ring->bufs[u->buffer_tail & (BUFFERS - 1)];
    b->addr = (unsigned long)(u->buffers + (size_t)bid * BUFFER_LENGTH);
    b->len = BUFFER_LENGTH;
    b->bid = (unsigned short)bid;
    u->buffer_tail++;
}

static void publish_buffers(struct uring *u)
{
    atomic_store_explicit((_Atomic unsigned short *)&u->buffer_ring->tail, u->buffer_tail, memory_order_release);
}

static void open_uring(struct uring *u)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    p.cq_entries = COMPLETIONS;
    u->fd = (int)syscall(__NR_io_uring_setup, 4, &p);
    if (u->fd < 0)
    {
        die("io_uring_setup (Linux 6.1 or later)");
    }
    if (!(p.features & IORING_FEAT_SINGLE_MMAP))
    {
        fprintf(stderr, "drain_uring: the kernel lacks IORING_FEAT_SINGLE_MMAP\n");
        exit(1);
    }
    size_t rings = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    const size_t completions = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    rings = completions > rings ? completions : rings;
    char *r = map(u->fd, rings, IORING_OFF_SQ_RING, "mmap io_uring rings");
    u->sq_tail = (unsigned *)(r + p.sq_off.tail);
    u->sq_mask = (unsigned *)(r + p.sq_off.ring_mask);
    u->sq_array = (unsigned *)(r + p.sq_off.array);
    u->cq_head = (unsigned *)(r + p.cq_off.head);
    u->cq_tail = (unsigned *)(r + p.cq_off.tail);
    u->cq_mask = (unsigned *)(r + p.cq_off.ring_mask);
    u->cqes = (struct io_uring_cqe *)(r + p.cq_off.cqes);
    u->sqes = map(u->fd, p.sq_entries * sizeof(struct io_uring_sqe), IORING_OFF_SQES, "mmap io_uring sqes");

    u->buffer_ring = anonymous(BUFFERS * sizeof(struct io_uring_buf));
    u->buffers = anonymous((size_t)BUFFERS * BUFFER_LENGTH);
    struct io_uring_buf_reg reg;
    memset(&reg, 0, sizeof reg);
    reg.ring_addr = (unsigned long)u->buffer_ring;
    reg.ring_entries = BUFFERS;
    reg.bgid = BUFFER_GROUP;
    if (syscall(__NR_io_uring_register, u->fd, IORING_REGISTER_PBUF_RING, &reg, 1) < 0)
    {
        die("IORING_REGISTER_PBUF_RING");
    }
    u->buffer_tail = 0;
    for (unsigned bid = 0; bid < BUFFERS; bid++)
    {
        return_buffer(u, bid);
    }
    publish_buffers(u);
    memset(&u->layout, 0, sizeof u->layout);
    u->layout.msg_controllen = CONTROL_LENGTH;
    u->armed = 0;
}

/* Queues the multishot receive; it stays armed until the kernel ends it (no IORING_CQE_F_MORE). */
static void arm(struct uring *u, const int socket)
{
    const unsigned tail = *u->sq_tail;
    const unsigned index = tail & *u->sq_mask;
    struct io_uring_sqe *sqe = &u->sqes[index];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = IORING_OP_RECVMSG;
    sqe->fd = socket;
    sqe->addr = (unsigned long)&u->layout;
    sqe->len = 1;
    sqe->ioprio = IORING_RECV_MULTISHOT;
    sqe->flags = IOSQE_BUFFER_SELECT;
    sqe->buf_group = BUFFER_GROUP;
    u->sq_array[index] = index;
    atomic_store_explicit((_Atomic unsigned *)u->sq_tail, tail + 1, memory_order_release);
    u->armed = 1;
}

static unsigned long long checksum;
static long long lastStamp;
static unsigned drops;

/* One received frame: its buffer holds the recvmsg_out header, the control messages, the frame. */
static void consume(char *buffer)
{
    const struct io_uring_recvmsg_out *out = (const struct io_uring_recvmsg_out *)buffer;
    struct msghdr control;
    memset(&control, 0, sizeof control);
    control.msg_control = buffer + sizeof *out;
    control.msg_controllen = out->controllen;
    const struct can_frame *f = (const struct can_frame *)(buffer + sizeof *out + CONTROL_LENGTH);
    checksum += f->can_id + f->data[0];
    read_control(&control, &lastStamp, &drops);
}

static int drain(struct uring *u, const int socket, const int count)
{
    int got = 0;
    while (got < count)
    {
        int submit = 0;
        if (!u->armed)
        {
            arm(u, socket);
            submit = 1;
        }
        if (syscall(__NR_io_uring_enter, u->fd, submit, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0 && errno != EINTR)
        {
            die("io_uring_enter");
        }
        unsigned head = *u->cq_head;
        const unsigned tail = atomic_load_explicit((_Atomic unsigned *)u->cq_tail, memory_order_acquire);
        for (; head != tail; head++)
        {
            const struct io_uring_cqe *cqe = &u->cqes[head & *u->cq_mask];
            if (!(cqe->flags & IORING_CQE_F_MORE))
            {
                u->armed = 0;
            }
            if (cqe->res < 0)
            {
                if (cqe->res == -ENOBUFS)
                {
                    continue; /* out of buffers: re-armed above once they are back */
                }
                errno = -cqe->res;
                die("multishot recvmsg");
            }
            const unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
            consume(u->buffers + (size_t)bid * BUFFER_LENGTH);
            return_buffer(u, bid);
            got++;
        }
        publish_buffers(u);
        atomic_store_explicit((_Atomic unsigned *)u->cq_head, head, memory_order_release);
    }
    return got;
}

int main(const int argc, char **argv)
{
    if (argc != 5)
    {
        fprintf(stderr, "usage: %s IFNAME FRAMES SECONDS RCVBUF\n", argv[0]);
        return 2;
    }
    const int count = atoi(argv[2]);
    const double seconds = atof(argv[3]);
    if (count < 1 || count > BUFFERS)
    {
        fprintf(stderr, "FRAMES must be 1..%d\n", BUFFERS);
        return 2;
    }
    const int sender = open_can(argv[1], 0);
    const int receiver = open_can(argv[1], 1);
    set_int(receiver, SOL_SOCKET, SO_RCVBUFFORCE, atoi(argv[4]), "SO_RCVBUFFORCE");
    set_int(receiver, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
    set_int(receiver, SOL_SOCKET, SO_RXQ_OVFL, 1, "SO_RXQ_OVFL");
    struct uring u;
    open_uring(&u);

    long long drained = 0;
    long long busy = 0;
    int rounds = 0;
    const long long end = now_ns() + (long long)(seconds * 1e9);
    while (now_ns() < end || rounds == 0)
    {
        fill_queue(sender, count);
        const long long t0 = now_ns();
        drained += drain(&u, receiver, count);
        busy += now_ns() - t0;
        rounds++;
    }
    printf("RESULT name=c-drain-uring-cmsg frames_per_s=%.0f frames=%lld rounds=%d queue=%d drops=%u "
        "checksum=%llu stamp=%d\n", (double)drained * 1e9 / (double)busy, drained, rounds, count, drops, checksum,
        lastStamp != 0);
    return 0;
}
