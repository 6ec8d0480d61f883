/*
 * ISO-TP through the kernel's CAN_ISOTP sockets, the limit for panacan's kernel backend: the same two addresses,
 * options and patterns as the Java ISO-TP benchmarks (tester 0x7E0 -> 0x7E8, ECU 0x7E8 -> 0x7E0, STmin 0, block
 * size 0, N_As 0).
 *
 *   isotp IFNAME transfer SECONDS   one thread: write() a 4095-byte PDU on the tester, read() it on the ECU
 *   isotp IFNAME transfer-waittx SECONDS   the same with CAN_ISOTP_WAIT_TX_DONE on the tester (write() returns when
 *                                   the PDU is out, as panacan's kernel backend configures its sockets)
 *   isotp IFNAME rr SECONDS         single-frame request/response: the tester writes 2 bytes, a responder thread
 *                                   answers 2 bytes; round-trip p50/p99 in microseconds
 */
#include "canbench.h"

#include <linux/can/isotp.h>
#include <pthread.h>

#ifndef SOL_CAN_ISOTP
#define SOL_CAN_ISOTP (SOL_CAN_BASE + CAN_ISOTP)
#endif

#define PDU 4095
#define MAX_SAMPLES (1 << 22)

static int open_isotp(const char *ifname, const canid_t tx, const canid_t rx, const unsigned flags)
{
    const int s = socket(PF_CAN, SOCK_DGRAM, CAN_ISOTP);
    if (s < 0)
    {
        die("socket(CAN_ISOTP)");
    }
    struct can_isotp_options opts = {0};
    opts.flags = flags;
    opts.frame_txtime = CAN_ISOTP_FRAME_TXTIME_ZERO;
    if (setsockopt(s, SOL_CAN_ISOTP, CAN_ISOTP_OPTS, &opts, sizeof opts) < 0)
    {
        die("CAN_ISOTP_OPTS");
    }
    struct sockaddr_can addr = {0};
    addr.can_family = AF_CAN;
    addr.can_ifindex = (int)if_nametoindex(ifname);
    addr.can_addr.tp.tx_id = tx;
    addr.can_addr.tp.rx_id = rx;
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

static void transfers(const int tester, const int ecu, const double seconds, const char *name)
{
    static unsigned char pdu[PDU];
    static unsigned char received[PDU + 1];
    for (int i = 0; i < PDU; i++)
    {
        pdu[i] = (unsigned char)(i * 31);
    }
    long long count = 0;
    const long long start = now_ns();
    const long long end = start + (long long)(seconds * 1e9);
    long long now = start;
    while (now < end)
    {
        if (write(tester, pdu, PDU) != PDU)
        {
            die("write");
        }
        if (read(ecu, received, sizeof received) != PDU)
        {
            die("read");
        }
        count++;
        now = now_ns();
    }
    printf("RESULT name=%s transfers_per_s=%.1f transfers=%lld\n", name, count * 1e9 / (now - start), count);
}

static int responder_socket;

static void *respond(void *unused)
{
    unsigned char request[8];
    const unsigned char response[2] = {0x7E, 0x00};
    (void)unused;
    while (read(responder_socket, request, sizeof request) > 0)
    {
        if (request[0] == 0xFF)
        {
            break;
        }
        if (write(responder_socket, response, sizeof response) != sizeof response)
        {
            die("write response");
        }
    }
    return NULL;
}

static int compare(const void *a, const void *b)
{
    const long long x = *(const long long *)a;
    const long long y = *(const long long *)b;
    return (x > y) - (x < y);
}

static void round_trips(const int tester, const int ecu, const double seconds)
{
    static long long samples[MAX_SAMPLES];
    const unsigned char request[2] = {0x3E, 0x00};
    unsigned char response[8];
    responder_socket = ecu;
    pthread_t responder;
    pthread_create(&responder, NULL, respond, NULL);
    long long count = 0;
    const long long end = now_ns() + (long long)(seconds * 1e9);
    long long now = now_ns();
    while (now < end && count < MAX_SAMPLES)
    {
        const long long start = now;
        if (write(tester, request, sizeof request) != sizeof request || read(tester, response, sizeof response) != 2)
        {
            die("round trip");
        }
        now = now_ns();
        samples[count++] = now - start;
    }
    const unsigned char stop = 0xFF;
    if (write(tester, &stop, 1) != 1)
    {
        die("write stop");
    }
    pthread_join(responder, NULL);
    qsort(samples, (size_t)count, sizeof samples[0], compare);
    printf("RESULT name=c-isotp-rr p50_us=%.1f p99_us=%.1f samples=%lld\n", samples[count / 2] / 1e3,
        samples[count * 99 / 100] / 1e3, count);
}

int main(const int argc, char **argv)
{
    const char *mode = argc == 4 ? argv[2] : "";
    const int wait_tx = strcmp(mode, "transfer-waittx") == 0;
    if (strcmp(mode, "transfer") != 0 && strcmp(mode, "rr") != 0 && !wait_tx)
    {
        fprintf(stderr, "usage: %s IFNAME transfer|transfer-waittx|rr SECONDS\n", argv[0]);
        return 2;
    }
    const int tester = open_isotp(argv[1], 0x7E0, 0x7E8, wait_tx ? CAN_ISOTP_WAIT_TX_DONE : 0);
    const int ecu = open_isotp(argv[1], 0x7E8, 0x7E0, 0);
    if (strcmp(mode, "rr") != 0)
    {
        transfers(tester, ecu, atof(argv[3]), wait_tx ? "c-isotp-transfer4095-waittx" : "c-isotp-transfer4095");
    }
    else
    {
        round_trips(tester, ecu, atof(argv[3]));
    }
    return 0;
}
