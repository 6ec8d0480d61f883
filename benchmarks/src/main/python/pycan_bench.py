#!/usr/bin/env python3
"""python-can references for the panacan benchmarks: the same ping-pong, drain and send as the C programs.

Prints one line per measurement, "RESULT name=<id> key=value ...", like the C programs; the ping-pong writes its
round trips (ns) as little-endian int64 to OUT. Uses Debian's python3-can (socketcan interface).

  pycan_bench.py pingpong IFNAME WARMUP_SECONDS SECONDS OUT
  pycan_bench.py drain IFNAME FRAMES SECONDS RCVBUF
  pycan_bench.py send IFNAME SECONDS
"""
import array
import os
import socket
import subprocess
import sys
import time

import can

BENCH_ID = 0x123
STOP_ID = 0x7FF
PAYLOAD = bytes([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88])
SO_RCVBUFFORCE = 33


def open_bus(ifname, receive=True):
    filters = None if receive else [{"can_id": 0x7FE, "can_mask": 0x7FF, "extended": False}]
    return can.Bus(interface="socketcan", channel=ifname, can_filters=filters)


def pingpong(ifname, warmup, seconds, out):
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the echo process: a second process, since one interpreter's GIL would serialise two threads
        os.close(ready_r)
        bus = open_bus(ifname)
        os.write(ready_w, b"1")
        while True:
            msg = bus.recv(timeout=5.0)
            if msg is None or msg.arbitration_id == STOP_ID:
                break
            bus.send(msg)
        bus.shutdown()
        os._exit(0)
    os.close(ready_w)
    bus = open_bus(ifname)
    os.read(ready_r, 1)
    msg = can.Message(arbitration_id=BENCH_ID, is_extended_id=False, data=PAYLOAD)
    samples = array.array("q")
    clock = time.perf_counter_ns
    start = clock()
    measure_from = start + int(warmup * 1e9)
    end = measure_from + int(seconds * 1e9)
    t1 = start
    while t1 < end:
        t0 = clock()
        bus.send(msg)
        reply = bus.recv(timeout=2.0)
        t1 = clock()
        if reply is None:
            sys.exit("python-can ping-pong: no echo within 2 s")
        if t0 >= measure_from:
            samples.append(t1 - t0)
    bus.send(can.Message(arbitration_id=STOP_ID, is_extended_id=False, data=PAYLOAD))
    os.waitpid(pid, 0)
    bus.shutdown()
    if sys.byteorder != "little":
        samples.byteswap()
    with open(out, "wb") as f:
        samples.tofile(f)
    mean = sum(samples) / len(samples) if samples else 0
    print(f"RESULT name=python-can-pingpong samples={len(samples)} mean_ns={mean:.0f} seconds={seconds}")


def drain(ifname, frames, seconds, rcvbuf):
    bus = open_bus(ifname)
    try:
        bus.socket.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, rcvbuf)
    except OSError:
        bus.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    received = 0
    busy = 0
    rounds = 0
    checksum = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end or rounds == 0:
        # can-utils' cangen queues the frames (it disables its own reception); only the drain is timed
        subprocess.run(["cangen", ifname, "-g", "0", "-I", "123", "-L", "8", "-D", PAYLOAD.hex(), "-n", str(frames)],
                       check=True)
        t0 = time.perf_counter_ns()
        for _ in range(frames):
            msg = bus.recv(timeout=2.0)
            if msg is None:
                sys.exit(f"python-can drain: queue empty early (dropped?) in round {rounds}")
            checksum += msg.arbitration_id + msg.data[0]
        busy += time.perf_counter_ns() - t0
        received += frames
        rounds += 1
    bus.shutdown()
    print(f"RESULT name=python-can-drain-recv frames_per_s={received * 1e9 / busy:.0f} frames={received} "
          f"rounds={rounds} queue={frames} checksum={checksum}")


def send(ifname, seconds):
    bus = open_bus(ifname, receive=False)
    msg = can.Message(arbitration_id=BENCH_ID, is_extended_id=False, data=PAYLOAD)
    sent = 0
    start = time.perf_counter_ns()
    end = start + int(seconds * 1e9)
    now = start
    while now < end:
        for _ in range(64):
            bus.send(msg)
        sent += 64
        now = time.perf_counter_ns()
    bus.shutdown()
    print(f"RESULT name=python-can-send frames_per_s={sent * 1e9 / (now - start):.0f} frames={sent}")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    mode, args = argv[1], argv[2:]
    if mode == "pingpong" and len(args) == 4:
        pingpong(args[0], float(args[1]), float(args[2]), args[3])
    elif mode == "drain" and len(args) == 4:
        drain(args[0], int(args[1]), float(args[2]), int(args[3]))
    elif mode == "send" and len(args) == 2:
        send(args[0], float(args[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
