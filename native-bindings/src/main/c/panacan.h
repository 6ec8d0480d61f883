/*
 * panacan.h - the single header jextract reads to produce org.panacan.bindings.gen.
 *
 * It only gathers system headers (glibc + the kernel UAPI headers of Debian's
 * linux-libc-dev installed on the generating machine); nothing from the kernel
 * is copied here. What ends up in Java is chosen by panacan.argfile (the
 * argument file), not by this header.
 *
 * _GNU_SOURCE is deliberately NOT defined: with it, glibc declares the
 * sockaddr arguments of bind/sendto/recvfrom/getsockname as a transparent
 * union (__SOCKADDR_ARG), which jextract turns into a by-value union
 * parameter instead of a plain pointer. The few GNU-only declarations we
 * need are re-declared below, identical to glibc's.
 */
#ifndef PANACAN_H
#define PANACAN_H

/* ---- libc: sockets, interfaces, polling, I/O, strerror ------------------- */
#include <sys/socket.h>   /* socket, bind, {send,recv}msg, msghdr, cmsghdr, SOCK_*, MSG_*, SOL_SOCKET, SO_* */
#include <net/if.h>       /* if_nametoindex, if_indextoname, IFNAMSIZ, IFF_UP, IFF_RUNNING */
#include <net/if_arp.h>   /* ARPHRD_CAN: tells CAN links apart in an RTM_GETLINK dump */
#include <poll.h>         /* poll, pollfd, POLL* */
#include <time.h>         /* timespec (recvmmsg timeout) */
#include <sys/time.h>     /* timeval (SO_TIMESTAMP payload) */
#include <sys/uio.h>      /* iovec */
#include <sys/ioctl.h>    /* ioctl, SIOCGIFINDEX, SIOCGIFMTU, SIOCGIFFLAGS */
#include <linux/sockios.h> /* SIOCOUTQ */
#include <unistd.h>       /* read, write, close */
#include <string.h>       /* strerror */
#include <sys/eventfd.h>  /* eventfd: wakes a thread blocked in poll() on stop/close */

/* ---- kernel UAPI: SocketCAN ----------------------------------------------- */
#include <linux/can.h>        /* can_frame, canfd_frame, canxl_frame, sockaddr_can, can_filter, CAN_* */
#include <linux/can/raw.h>    /* CAN_RAW_* socket options */
#include <linux/can/bcm.h>    /* bcm_msg_head, bcm_timeval, BCM opcodes and flags */
#include <linux/can/isotp.h>  /* can_isotp_*_options, CAN_ISOTP_* */
#include <linux/can/error.h>  /* CAN_ERR_* (error frame layout) */

/* ---- kernel UAPI: timestamping -------------------------------------------- */
#include <linux/net_tstamp.h> /* SOF_TIMESTAMPING_*, sock_txtime */
#include <linux/sock_diag.h> /* SK_MEMINFO_* (SO_MEMINFO layout) */
#include <linux/errqueue.h>   /* scm_timestamping, sock_extended_err, SCM_TSTAMP_* */

/* ---- kernel UAPI: rtnetlink (link state, bit timing, controller modes) ----- */
#include <linux/netlink.h>     /* nlmsghdr, nlmsgerr, sockaddr_nl, NLM_F_*, NLMSG_* */
#include <linux/rtnetlink.h>   /* rtattr, ifinfomsg, RTM_* */
#include <linux/if_link.h>     /* IFLA_*, IFLA_INFO_* */
#include <linux/if.h>          /* IF_OPER_* (IFLA_OPERSTATE values); after <net/if.h>, libc-compat avoids clashes */
#include <linux/can/netlink.h> /* can_bittiming*, can_clock, can_berr_counter, can_ctrlmode, can_device_stats, IFLA_CAN_*, CAN_CTRLMODE_*, CAN_STATE_* */
#include <linux/can/vxcan.h>   /* VXCAN_INFO_PEER: the peer's ifinfomsg when creating a vxcan pair */

/* ---- GNU-only parts of <sys/socket.h>, re-declared (see top comment) ------ */
#ifndef __USE_GNU
/* Batch I/O: one syscall for up to vlen frames; the core of panacan's fast path. */
struct mmsghdr {
    struct msghdr msg_hdr; /* as for sendmsg/recvmsg */
    unsigned int  msg_len; /* out: bytes transferred for this message */
};

extern int sendmmsg(int fd, struct mmsghdr *vmessages, unsigned int vlen, int flags);
extern int recvmmsg(int fd, struct mmsghdr *vmessages, unsigned int vlen, int flags,
                    struct timespec *timeout);

/* poll with a nanosecond timeout: recv(timeout) waits below the millisecond. The sigmask is always NULL. */
extern int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout_ts, const void *sigmask);
#endif /* !__USE_GNU */

#endif /* PANACAN_H */
