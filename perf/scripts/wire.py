#!/usr/bin/env python3
"""FAL and per-frame lateness read off the wire: a packet capture of one server's port, not a client's clock.

listen.mjs stamps a frame when its event loop gets to it, so on a shared host its figures carry the client's own
scheduling (the host's floor; perf/scripts/wake-probe.py). The kernel stamps a packet when it crosses the interface,
before any client runs: what a listener on another machine (its own cores) would see, less the network's constant
delay. This reads a capture (`tcpdump -i lo -s 0 -w FILE 'tcp port P'`), reassembles each TCP connection on port P,
parses the WebSocket frames both ways (protocol v1: `speak` from the client; `ready`, `audio_start`, audio frames and
`audio_end` from the server) and computes what listen.mjs does, from packet times:
  FAL: the packet that carried a `speak` -> the packet that carried its utterance's first audio frame;
  lateness: per frame after `prefill_frames`, (t - seq * frame_ms) minus its minimum over the utterance, where t is
  the time of the packet holding the frame's last byte (the utterance's original grid; nothing is re-anchored).
Percentiles are nearest-rank over every value, as listen.mjs's. It also tells how the late frames (over --late-ms)
fall: a stall is a run of them, each within 2 ms of the last, from at least 5 connections: the server (or its core)
stopped for all of them at once, not one session's bad luck. Prints one JSON object.
  python3 wire.py --port 8091 [--late-ms 1.5] capture.pcap
"""
import argparse
import json
import math
import struct
import sys


def packets(path):
    """Yields (ts_ns, ip_packet) from a pcap file (micro- or nanosecond, either byte order; Ethernet, SLL, SLL2)."""
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return
        magic = struct.unpack("<I", head[:4])[0]
        order = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        magic = struct.unpack(order + "I", head[:4])[0]
        if magic not in (0xA1B2C3D4, 0xA1B23C4D):
            sys.exit(f"{path}: not a pcap file (magic {magic:#x}; pcapng is not read: write with tcpdump -w)")
        frac = 1 if magic == 0xA1B23C4D else 1000
        link = struct.unpack(order + "I", head[20:24])[0] & 0xFFFF
        skip = {1: 14, 113: 16, 276: 20, 101: 0}.get(link)
        if skip is None:
            sys.exit(f"{path}: link type {link} is not read (Ethernet, Linux SLL, SLL2 or raw IP are)")
        rec = struct.Struct(order + "IIII")
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, sub, incl, _ = rec.unpack(h)
            data = f.read(incl)
            yield sec * 1_000_000_000 + sub * frac, data[skip:]


class Direction:
    """One way of one TCP connection: the bytes in order, and the WebSocket frames they complete."""

    def __init__(self):
        self.next_seq = None
        self.buf = bytearray()
        self.handshake = True
        self.gap = False
        self.message = bytearray()
        self.opcode = 0

    def add(self, seq, payload, syn):
        """Appends a segment's new bytes; returns False once a byte is missing (the capture dropped a packet)."""
        if syn:
            self.next_seq = (seq + 1) & 0xFFFFFFFF
            return True
        if not payload or self.gap:
            return not self.gap
        if self.next_seq is None:  # joined mid-connection: no way to find frame boundaries
            self.gap = True
            return False
        ahead = (seq - self.next_seq) & 0xFFFFFFFF
        if ahead >= 1 << 31:  # a retransmission or a second copy: keep only bytes past what we have
            behind = (self.next_seq - seq) & 0xFFFFFFFF
            payload = payload[behind:]
        elif ahead:
            self.gap = True
            return False
        self.buf += payload
        self.next_seq = (self.next_seq + len(payload)) & 0xFFFFFFFF
        return True

    def frames(self):
        """Yields (opcode, payload) for every whole message now in the buffer (continuations joined, unmasked)."""
        if self.handshake:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            del self.buf[: end + 4]
            self.handshake = False
        buf = self.buf
        pos = 0
        while len(buf) - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            if b0 & 0x70:
                sys.exit("a frame with RSV bits set (permessage-deflate?): compressed frames are not read")
            n, at = b1 & 0x7F, pos + 2
            if n == 126:
                if len(buf) - at < 2:
                    break
                n, at = struct.unpack_from(">H", buf, at)[0], at + 2
            elif n == 127:
                if len(buf) - at < 8:
                    break
                n, at = struct.unpack_from(">Q", buf, at)[0], at + 8
            key = None
            if b1 & 0x80:
                if len(buf) - at < 4:
                    break
                key, at = bytes(buf[at:at + 4]), at + 4
            if len(buf) - at < n:
                break
            payload = bytes(buf[at:at + n])
            pos = at + n
            if key:
                payload = (int.from_bytes(payload, "big") ^ int.from_bytes((key * (n // 4 + 1))[:n], "big")) \
                    .to_bytes(n, "big")
            opcode = b0 & 0x0F
            if opcode >= 8:
                continue  # ping, pong, close
            if opcode:
                self.opcode = opcode
                self.message = bytearray()
            self.message += payload
            if b0 & 0x80:
                yield self.opcode, bytes(self.message)
        del buf[:pos]


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    return round(s[max(0, math.ceil(p / 100 * len(s)) - 1)], 3)


def stalls(late_at, paced, late_ms):
    """Share of paced frames later than late_ms, how many of those came in stalls, and the stalls' median spacing."""
    late_at.sort()
    runs, run = [], []
    for t, conn in late_at:
        if run and t - run[-1][0] > 2_000_000:
            runs.append(run)
            run = []
        run.append((t, conn))
    if run:
        runs.append(run)
    big = [r for r in runs if len({conn for _, conn in r}) >= 5]
    starts = [r[0][0] for r in big]
    gaps = sorted(b - a for a, b in zip(starts, starts[1:]))
    return {"over_ms": late_ms, "share_pct": round(100 * len(late_at) / (paced or 1), 2),
            "in_stalls_pct": round(100 * sum(len(r) for r in big) / (len(late_at) or 1), 1), "stalls": len(big),
            "stall_spacing_median_s": round(gaps[len(gaps) // 2] / 1e9, 3) if gaps else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True, help="the server's port: packets from it are the server's")
    ap.add_argument("--late-ms", type=float, default=1.5, help="lateness above which a frame counts as late (1.5)")
    ap.add_argument("pcap")
    a = ap.parse_args()

    conns = {}  # client (ip, port) -> state
    fal, late, lens, late_at = [], [], [], []  # late_at: (packet time, connection) of each late frame
    out = {"frames": 0, "utterances": 0, "stepped": 0, "errors": 0, "broken_connections": 0, "closes": {}}

    def finish(c, u):
        paced = [(seq, t) for seq, t in u["frames"] if seq >= c["prefill"]]
        if not paced:
            return
        off = [t - seq * c["frame_ns"] for seq, t in paced]
        low = min(off)
        lat = [(o - low) / 1e6 for o in off]
        late.extend(lat)
        late_at.extend((t, c["key"]) for (_, t), x in zip(paced, lat) if x > a.late_ms)
        if min(lat[-5:]) > 10:
            out["stepped"] += 1
        out["utterances"] += 1

    for ts, ip in packets(a.pcap):
        if len(ip) < 20:
            continue
        if ip[0] >> 4 == 4:
            if ip[9] != 6:
                continue
            ihl, total = (ip[0] & 0x0F) * 4, struct.unpack_from(">H", ip, 2)[0]
            src, dst, tcp = ip[12:16], ip[16:20], ip[ihl:total]
        elif ip[0] >> 4 == 6:
            if ip[6] != 6:
                continue
            total = 40 + struct.unpack_from(">H", ip, 4)[0]
            src, dst, tcp = ip[8:24], ip[24:40], ip[40:total]
        else:
            continue
        sport, dport, seq = struct.unpack_from(">HHI", tcp, 0)
        flags, payload = tcp[13], tcp[(tcp[12] >> 4) * 4:]
        if sport == a.port:
            key, way = (dst, dport), "down"
        elif dport == a.port:
            key, way = (src, sport), "up"
        else:
            continue
        c = conns.get(key)
        if c is None or (flags & 0x02 and way == "up" and not flags & 0x10):  # a new connection (SYN) on a reused port
            c = conns[key] = {"up": Direction(), "down": Direction(), "sent": {}, "utts": {},
                              "frame_ns": 20_000_000, "prefill": 3, "broken": False, "unanswered": set(),
                              "key": (bytes(key[0]), key[1])}
        d = c[way]
        if not d.add(seq, payload, bool(flags & 0x02)):
            if not c["broken"]:
                c["broken"] = True
                out["broken_connections"] += 1
            continue
        for opcode, msg in d.frames():
            if way == "up":
                if opcode == 1:
                    m = json.loads(msg)
                    if m.get("type") == "speak":
                        c["sent"][m.get("id")] = ts
                        c["unanswered"].add(m.get("id"))
                continue
            if opcode == 8:
                code = struct.unpack_from(">H", msg, 0)[0] if len(msg) >= 2 else None
                out["closes"][code] = out["closes"].get(code, 0) + 1
                continue
            if opcode == 2:
                out["frames"] += 1
                if len(msg) < 20:
                    continue
                utt, fseq = struct.unpack_from(">II", msg, 4)
                u = c["utts"].get(utt)
                if u is None:
                    continue
                if not u["frames"] and u["sent"] is not None:
                    fal.append((ts - u["sent"]) / 1e6)
                u["frames"].append((fseq, ts))
                continue
            m = json.loads(msg)
            kind = m.get("type")
            if kind == "ready":
                c["frame_ns"] = (m.get("frame_ms") or 20) * 1_000_000
                c["prefill"] = m.get("prefill_frames", 3)
            elif kind == "audio_start":
                c["utts"][m["utterance"]] = {"sent": c["sent"].get(m.get("id")), "frames": []}
                c["unanswered"].discard(m.get("id"))
            elif kind == "audio_end":
                u = c["utts"].pop(m.get("utterance"), None)
                if u:
                    lens.append(len(u["frames"]))
                    finish(c, u)
            elif kind == "error":
                out["errors"] += 1
                c["unanswered"].discard(m.get("id"))

    r = {"connections": len(conns), "broken_connections": out["broken_connections"], "frames": out["frames"],
         "utterances": out["utterances"], "errors": out["errors"],
         "fal_ms": {"p50": pct(fal, 50), "p99": pct(fal, 99)},
         "lateness_wire_ms": {"p50": pct(late, 50), "p99": pct(late, 99), "max": pct(late, 100)},
         "stepped_share_pct": round(100 * out["stepped"] / (out["utterances"] or 1), 1),
         "late_frames": stalls(late_at, len(late), a.late_ms),
         # What had not ended when the capture stopped: speaks with neither audio_start nor error, utterances
         # without audio_end (frames received, by the last one's age), and close frames from the server by code.
         # Every utterance is the same sentence: one with fewer frames than the longest lost some (shed, or cut).
         "short_utterances": sum(1 for n in lens if n < max(lens)) if lens else 0,
         "unanswered_speaks": sum(len(c["unanswered"]) for c in conns.values()),
         "unfinished_utterances": sum(len(c["utts"]) for c in conns.values()),
         "server_closes": {str(k): v for k, v in out["closes"].items()}}
    print(json.dumps(r))
    return 1 if out["broken_connections"] else 0


if __name__ == "__main__":
    sys.exit(main())
