#!/usr/bin/env python3
"""Issue #11's scale benchmark: how many players one node keeps at zero deficit.

Starts the real node (build/server/lavalink-gst, a temporary application.yml on a loopback port)
and the voice test server (build/tests/voice-server/lava-voice-test-server, which times every
packet's arrival and checks every RTP sequence and timestamp per SSRC, decrypts one packet in
--decrypt-every per SSRC and decodes one decrypted audio packet in --decode-every, reading its UDP
socket every --receiver-poll-ms), opens a Lavalink session,
and ramps the number of players, each created through the REST API playing a local file, until
the first step with a deficit. For each step it prints the node's CPU share of one core, RSS,
threads, the frameStats of the WebSocket stats messages in the window and what the receiver
counted (packets, sequence gaps, per-connection packet-interval p99).

Modes (passthrough, transcode and anchor unless --modes says otherwise):
  passthrough  an Ogg/Opus file, no filters (the node may pass Opus through or transcode it: the
               benchmark does not care)
  transcode    an Ogg/Vorbis 44.1 kHz file with player volume 80 and a 15-band equalizer
  voice        players with a voice connection and no track: what a player and its connection
               cost before any pipeline streams (CPU, RSS, threads; no frames to judge)
  anchor       stock GStreamer, one process with N pipelines (build/benchmarks/scale/
               bench-scale-anchor): `filesrc ! oggdemux ! fakesink sync=true` on the Opus file and
               `... vorbisdec ! audioconvert ! audioresample ! volume ! opusenc ! fakesink
               sync=true` on the Vorbis file

The media is generated at run time with gst-launch-1.0. Not part of the test suite. Run it
quietly on a shared machine: `nice -n 10 benchmarks/scale/run.py` (≈ 10–15 min).
A step has zero deficit when every stats message in its window reports deficit 0 and nulled 0,
the receiver saw no sequence gap on any connection, and every connection's packet-interval p99
is at most --p99-limit ms (25).
"""

import argparse
import base64
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "scale-bench"
TICK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
# Lavalink's 15 equalizer bands, a gentle smile curve.
EQUALIZER = [{"band": b, "gain": g} for b, g in enumerate(
    [0.2, 0.15, 0.1, 0.05, 0.0, -0.05, -0.05, 0.0, 0.0, 0.05, 0.1, 0.1, 0.15, 0.15, 0.2])]


def log(*args):
    print(*args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_media(directory, seconds):
    """An Ogg/Opus and an Ogg/Vorbis tone of `seconds`, made with the stock encoders."""
    buffers = seconds * 50
    files = {
        "passthrough": (os.path.join(directory, "tone-opus.ogg"),
                        f"audiotestsrc num-buffers={buffers} samplesperbuffer=960 freq=440 ! "
                        "audio/x-raw,rate=48000,channels=2 ! opusenc frame-size=20 ! oggmux"),
        "transcode": (os.path.join(directory, "tone-vorbis.ogg"),
                      f"audiotestsrc num-buffers={buffers} samplesperbuffer=882 freq=440 ! "
                      "audio/x-raw,rate=44100,channels=2 ! vorbisenc ! oggmux"),
    }
    for path, chain in files.values():
        subprocess.run(["gst-launch-1.0", "-q"] + chain.split() + ["!", "filesink",
                                                                   f"location={path}"],
                       check=True, stdout=subprocess.DEVNULL)
    return {mode: path for mode, (path, _) in files.items()}


class ProcSample:
    """CPU ticks, RSS, threads and descriptors of a process at one moment."""

    def __init__(self, pid):
        self.when = time.monotonic()
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        self.ticks = int(fields[11]) + int(fields[12])
        with open(f"/proc/{pid}/statm") as f:
            self.rss_kb = int(f.read().split()[1]) * PAGE_KB
        with open(f"/proc/{pid}/status") as f:
            self.threads = next(int(l.split()[1]) for l in f if l.startswith("Threads:"))
        self.fds = len(os.listdir(f"/proc/{pid}/fd"))

    def cpu_percent_since(self, earlier):
        return 100.0 * (self.ticks - earlier.ticks) / TICK / max(self.when - earlier.when, 1e-9)


class WebSocket:
    """A minimal RFC 6455 client: enough for Lavalink's /v4/websocket (text frames, ping)."""

    def __init__(self, port, headers):
        self.sock = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET /v4/websocket HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.rfile = self.sock.makefile("rb")
        status = self.rfile.readline()
        if b" 101 " not in status:
            raise RuntimeError(f"WebSocket upgrade refused: {status!r}")
        while self.rfile.readline() not in (b"\r\n", b""):
            pass
        self.send_lock = threading.Lock()

    def _read(self, n):
        data = self.rfile.read(n)
        if len(data) < n:
            raise EOFError
        return data

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        with self.send_lock:
            self.sock.sendall(header + mask + body)

    def receive(self):
        """The next text message, or None when the connection closed."""
        message = b""
        try:
            while True:
                b0, b1 = self._read(2)
                n = b1 & 0x7F
                if n == 126:
                    n = struct.unpack(">H", self._read(2))[0]
                elif n == 127:
                    n = struct.unpack(">Q", self._read(8))[0]
                mask = self._read(4) if b1 & 0x80 else None
                data = self._read(n)
                if mask:
                    data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
                opcode = b0 & 0x0F
                if opcode == 8:
                    return None
                if opcode == 9:
                    self._send(10, data)
                    continue
                if opcode in (0, 1, 2):
                    message += data
                    if b0 & 0x80:
                        return message.decode()
        except (EOFError, OSError):
            return None

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def receiver_priority():
    """The receiver stands in for Discord's voice servers, which do not share the node's CPU: it
    runs at real-time priority 1 where allowed (below the node's sender, 5), so a receiver that
    did not get the CPU on a loaded machine (its socket buffer overflowing: sequence gaps) is not
    counted against the node. Without the privilege it runs as it is."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
    except OSError:
        pass


class VoiceReceiver:
    """The voice test server as a child process: its events on stdout, commands on stdin."""

    def __init__(self, binary, decode_every, decrypt_every, poll_ms):
        self.proc = subprocess.Popen(
            [binary, "--heartbeat-interval", "15000", "--decode-every", str(decode_every),
             "--decrypt-every", str(decrypt_every), "--udp-poll-ms", str(poll_ms)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
            preexec_fn=receiver_priority)
        self.reports = queue.Queue()
        self.port = None
        started = threading.Event()

        def read():
            for line in self.proc.stdout:
                if '"event":"report"' not in line and '"event":"listening"' not in line:
                    continue
                event = json.loads(line)
                if event["event"] == "listening":
                    self.port = event["port"]
                    started.set()
                else:
                    self.reports.put(event)

        threading.Thread(target=read, daemon=True).start()
        if not started.wait(10):
            raise RuntimeError("the voice test server did not start")

    def command(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def report(self):
        self.command("report")
        return self.reports.get(timeout=60)

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(10)


class Node:
    """lavalink-gst with a temporary configuration, one WebSocket session and its REST API."""

    def __init__(self, binary, workdir, root, stats_interval, opus_quality, prefix=()):
        self.port = free_port()
        config = os.path.join(workdir, "application.yml")
        with open(config, "w") as f:
            f.write(f"""server:
  port: {self.port}
  address: 127.0.0.1
lavalink:
  server:
    password: "{PASSWORD}"
    sources:
      local: true
      http: false
    bufferDurationMs: 400
    opusEncodingQuality: {opus_quality}
gstLavalink:
  localRoots:
    - {root}
  statsIntervalSeconds: {stats_interval}
""")
        # Its own process group: a wrapper's child (the node itself) is stopped with it.
        self.proc = subprocess.Popen([*prefix, binary, "--config", config],
                                     stdout=subprocess.DEVNULL, start_new_session=True,
                                     stderr=open(os.path.join(workdir, "node.log"), "w"))
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("the node did not start (see node.log)")
                time.sleep(0.1)
        self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.ws = WebSocket(self.port, {"Authorization": PASSWORD, "User-Id": "170939974227541168",
                                        "Client-Name": "scale-bench/1.0"})
        ready = json.loads(self.ws.receive())
        self.session = ready["sessionId"]
        self.stats = []  # (arrival, stats message)
        self.ended = queue.Queue()  # guild ids whose track finished
        threading.Thread(target=self._read_ws, daemon=True).start()

    def _read_ws(self):
        while (text := self.ws.receive()) is not None:
            msg = json.loads(text)
            if msg.get("op") == "stats":
                self.stats.append((time.monotonic(), msg))
            elif msg.get("type") == "TrackEndEvent" and msg.get("reason") == "finished":
                self.ended.put(msg["guildId"])

    def rest(self, method, path, body=None):
        headers = {"Authorization": PASSWORD}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.http.request(method, path, body=data, headers=headers)
        reply = self.http.getresponse()
        text = reply.read()
        if reply.status >= 300:
            raise RuntimeError(f"{method} {path}: {reply.status} {text[:200]!r}")
        return json.loads(text) if text else None

    def load(self, path):
        from urllib.parse import quote
        r = self.rest("GET", "/v4/loadtracks?identifier=" + quote(path, safe=""))
        if r["loadType"] != "track":
            raise RuntimeError(f"cannot load {path}: {r}")
        return r["data"]["encoded"]

    def play(self, guild, update):
        self.rest("PATCH", f"/v4/sessions/{self.session}/players/{guild}", update)

    def stop(self):
        self.ws.close()
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def measure_window(node, receiver, seconds, perf_output=None):
    """One measured window: node process samples, stats messages and the receiver's report;
    with `perf_output`, a perf profile of the node over the window."""
    perf = None
    if perf_output:
        perf = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-o", perf_output, "-p",
                                 str(node.proc.pid), "--", "sleep", str(seconds)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    receiver.command("reset")
    start_stats = len(node.stats)
    before = ProcSample(node.proc.pid)
    receiver_before = ProcSample(receiver.proc.pid)
    t0 = time.monotonic()
    time.sleep(seconds)
    after = ProcSample(node.proc.pid)
    receiver_after = ProcSample(receiver.proc.pid)
    report = receiver.report()
    if perf:
        perf.wait()
    # Stats messages whose window lies (nearly) inside this one: the first starts before it.
    frames = [m for when, m in node.stats[start_stats:][1:] if m.get("frameStats")]
    return before, after, receiver_after.cpu_percent_since(receiver_before), report, frames


def ramp(args, mode, media, binaries, workdir, root):
    """Ramps players of one mode until the first deficit; returns the per-step rows."""
    receiver = VoiceReceiver(binaries["voice"], args.decode_every, args.decrypt_every,
                             args.receiver_poll_ms)
    node = Node(binaries["node"], workdir, root, args.stats_interval, args.opus_quality,
                args.node_prefix.split())
    rows = []
    try:
        track = node.load(media["passthrough" if mode == "voice" else mode])
        time.sleep(1)
        idle = ProcSample(node.proc.pid)
        log(f"\n== {mode} (opusEncodingQuality {args.opus_quality}): node idle RSS "
            f"{idle.rss_kb / 1024:.1f} MB, {idle.threads} threads, "
            f"load average {os.getloadavg()[0]:.2f}")
        log(f"{'N':>6} {'node CPU%':>9} {'RSS MB':>8} {'MB/pl':>6} {'thr':>5} {'fds':>6} "
            f"{'sent/min':>8} {'null/min':>8} {'defi/min':>8} {'heard':>6} {'gaps':>6} "
            f"{'p99 ms':>7} {'p99max':>7} {'recv CPU%':>9} {'load':>5} verdict")
        # voice: connected players without a track, the fixed cost of a player and its
        # connection (keep-alives and heartbeats only).
        update = {} if mode == "voice" else {"track": {"encoded": track}}
        if mode == "transcode":
            update.update({"volume": 80, "filters": {"equalizer": EQUALIZER}})
        created = 0

        def replay_finished():
            while not node.ended.empty():
                node.play(node.ended.get(), {"track": {"encoded": track}})

        for n in args.steps[mode]:
            while created < n:
                guild = str(100000 + created)
                voice = {"token": f"tok-{guild}", "endpoint": f"ws://127.0.0.1:{receiver.port}",
                         "sessionId": f"sess-{guild}", "channelId": "77"}
                node.play(guild, dict(update, voice=voice))
                created += 1
            time.sleep(args.settle + n / 1000.0)
            replay_finished()
            perf_output = (f"{args.perf}.{mode}.{n}" if args.perf else None)
            before, after, receiver_cpu, report, frames = measure_window(
                node, receiver, args.measure, perf_output)
            replay_finished()
            streams = [s for s in report["streams"] if s["packets"] > 0]
            p99s = sorted(s["interval_p99_ms"] for s in streams) or [0.0]
            gaps = sum(s["sequence_missing"] for s in streams)
            sent = [f["frameStats"]["sent"] for f in frames]
            nulled = [f["frameStats"]["nulled"] for f in frames]
            deficit = [f["frameStats"]["deficit"] for f in frames]
            if mode == "voice":
                streams = report["streams"]
                frames = [{"frameStats": {"sent": 0, "nulled": 0, "deficit": 0}}]
                sent = nulled = deficit = [0]
            ok = (len(frames) > 0 and len(streams) == n and gaps == 0 and max(nulled) == 0
                  and max(deficit) == 0 and p99s[-1] <= args.p99_limit
                  and report.get("decrypt_failures", 0) == 0)
            row = {
                "mode": mode, "n": n, "opus_quality": args.opus_quality,
                "node_cpu_percent": after.cpu_percent_since(before),
                "rss_kb": after.rss_kb, "idle_rss_kb": idle.rss_kb,
                "rss_per_player_kb": (after.rss_kb - idle.rss_kb) / n, "threads": after.threads,
                "fds": after.fds, "frame_stats": [f["frameStats"] for f in frames],
                "streams_heard": len(streams),
                "packets": sum(s["packets"] for s in streams), "sequence_gaps": gaps,
                "decrypt_failures": report.get("decrypt_failures", 0),
                "interval_p99_ms_median": p99s[len(p99s) // 2], "interval_p99_ms_max": p99s[-1],
                "receiver_cpu_percent": receiver_cpu, "loadavg": os.getloadavg()[0],
                "zero_deficit": bool(ok)}
            rows.append(row)
            log(f"{n:>6} {row['node_cpu_percent']:>9.1f} {after.rss_kb / 1024:>8.1f} "
                f"{row['rss_per_player_kb'] / 1024:>6.3f} {after.threads:>5} {after.fds:>6} "
                f"{min(sent, default=-1):>8} {max(nulled, default=-1):>8} "
                f"{max(deficit, default=-1):>8} {len(streams):>6} {gaps:>6} "
                f"{row['interval_p99_ms_median']:>7.2f} {row['interval_p99_ms_max']:>7.2f} "
                f"{receiver_cpu:>9.1f} {row['loadavg']:>5.2f} {'ok' if ok else 'DEFICIT'}")
            if not ok:
                break
    finally:
        node.stop()
        receiver.stop()
    return rows


def anchor(args, media, binary):
    rows = []
    log(f"\n== anchor: stock GStreamer, N pipelines in one process (opusenc complexity "
        f"{args.opus_quality})")
    for mode, steps in (("passthrough", args.anchor_passthrough),
                        ("transcode", args.anchor_transcode)):
        for n in steps:
            out = subprocess.run([binary, mode, media[mode], str(n), str(args.measure),
                                  str(args.opus_quality)],
                                 check=True, capture_output=True, text=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            row["loadavg"] = os.getloadavg()[0]
            row["rss_per_player_kb"] = (row["rss_kb"] - row["rss_idle_kb"]) / n
            rows.append(row)
            log(f"anchor {mode:>11} N={n:>5}: CPU {row['cpu_percent']:.1f} %, RSS "
                f"{row['rss_kb'] / 1024:.1f} MB ({row['rss_per_player_kb'] / 1024:.3f} MB/player), "
                f"{row['threads']} threads, {row['behind']} behind the clock, "
                f"load {row['loadavg']:.2f}")
    return rows


def steps(text):
    return [int(x) for x in text.split(",") if x]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--modes", default="passthrough,transcode,anchor")
    p.add_argument("--passthrough-steps", type=steps,
                   default=steps("50,100,250,500,1000,1500,2000,2500,3000"))
    p.add_argument("--transcode-steps", type=steps, default=steps("25,50,100,150,200,250,300"))
    p.add_argument("--voice-steps", type=steps, default=steps("500,1000,2000"))
    p.add_argument("--anchor-passthrough", type=steps, default=steps("500,1000"))
    p.add_argument("--anchor-transcode", type=steps, default=steps("50,100"))
    p.add_argument("--settle", type=float, default=6, help="seconds after a step's players start")
    p.add_argument("--measure", type=float, default=12, help="seconds measured per step")
    p.add_argument("--stats-interval", type=int, default=3)
    p.add_argument("--decode-every", type=int, default=500,
                   help="the receiver decodes one decrypted audio packet in N")
    p.add_argument("--decrypt-every", type=int, default=10,
                   help="the receiver decrypts (authenticates) one packet in N per connection; "
                        "every packet's sequence, timestamp and arrival time counts regardless")
    p.add_argument("--receiver-poll-ms", type=int, default=20,
                   help="the receiver reads its UDP socket every N ms (0: whenever a datagram "
                        "is ready); arrival times are the kernel's either way")
    p.add_argument("--p99-limit", type=float, default=25)
    p.add_argument("--media-seconds", type=int, default=600,
                   help="track length; a ramp must end before the first players' tracks do")
    p.add_argument("--opus-quality", type=int, default=10,
                   help="the node's opusEncodingQuality (libopus complexity of transcoded "
                        "tracks; Lavalink's default 10) and the transcoding anchor's opusenc's")
    p.add_argument("--json", help="also write every row to this file")
    p.add_argument("--node-prefix", default="", metavar="COMMAND",
                   help="run the node under COMMAND, e.g. 'heaptrack -o FILE' (its figures are "
                        "then the wrapper's)")
    p.add_argument("--perf", metavar="PREFIX",
                   help="perf record the node in every window to PREFIX.MODE.N")
    args = p.parse_args()
    # At least two stats messages fall wholly inside a measured window.
    args.measure = max(args.measure, 3.5 * args.stats_interval)
    args.steps = {"passthrough": args.passthrough_steps, "transcode": args.transcode_steps,
                  "voice": args.voice_steps}
    binaries = {"node": os.path.join(args.build, "server/lavalink-gst"),
                "voice": os.path.join(args.build, "tests/voice-server/lava-voice-test-server"),
                "anchor": os.path.join(args.build, "benchmarks/scale/bench-scale-anchor")}
    for b in binaries.values():
        if not os.access(b, os.X_OK):
            sys.exit(f"{b} is missing: meson compile -C {args.build} lavalink-gst "
                     "lava-voice-test-server bench-scale-anchor")
    workdir = tempfile.mkdtemp(prefix="lava-scale-")
    rows = []
    try:
        log(f"load average {os.getloadavg()}; generating {args.media_seconds} s of media")
        media = make_media(workdir, args.media_seconds)
        modes = args.modes.split(",")
        for mode in ("passthrough", "transcode", "voice"):
            if mode in modes:
                rows += ramp(args, mode, media, binaries, workdir, workdir)
        if "anchor" in modes:
            rows += anchor(args, media, binaries["anchor"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    log("\nlargest N at zero deficit (per player: node CPU, RSS above idle, threads):")
    for mode in ("passthrough", "transcode"):
        good = [r for r in rows if r.get("mode") == mode and r.get("zero_deficit")]
        if mode not in args.modes:
            continue
        if not good:
            log(f"  {mode}: none")
            continue
        r = max(good, key=lambda r: r["n"])
        log(f"  {mode}: {r['n']} ({r['node_cpu_percent'] / r['n']:.2f} % of a core, "
            f"{r['rss_per_player_kb'] / 1024:.3f} MB, {r['threads'] / r['n']:.2f} threads; "
            f"idle RSS {r['idle_rss_kb'] / 1024:.1f} MB)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
