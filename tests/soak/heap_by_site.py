#!/usr/bin/env python3
"""Live heap per allocation site, minute by minute, from a heaptrack recording of the node.

Usage: heap_by_site.py RECORDING.zst [--from-minute A] [--to-minute B] [--top N]

heaptrack_print shows what is still allocated at the end of a recording; a soak needs to know
whether anything grows while the node plays. This reads heaptrack's interpreted data (allocations,
frees and the clock), samples the live bytes of every call stack once a second and prints, for the
stacks whose per-minute mean changed most between the first two and the last two minutes of
[A, B), the means of every minute and the stack. A recording attached to a running node
(`heaptrack -p PID`) counts only what was allocated after attaching: per-track state is all
replaced within one track's length, so later minutes compare like with like.
"""
import argparse
import collections
import subprocess


def read(path):
    strings, ips, traces, infos = [''], [None], [None], []
    live = collections.defaultdict(int)
    samples, next_ms = [], 0
    data = subprocess.Popen(['zstd', '-dc', path], stdout=subprocess.PIPE, text=True)
    for line in data.stdout:
        kind = line[0]
        if kind == '+' or kind == '-':
            size, trace = infos[int(line[2:], 16)]
            live[trace] += size if kind == '+' else -size
        elif kind == 'a':
            _, size, trace = line.split()
            infos.append((int(size, 16), int(trace, 16)))
        elif kind == 'c':
            ms = int(line[2:], 16)
            if ms >= next_ms:
                samples.append((ms / 60000, dict(live)))
                next_ms += 1000
        elif kind == 's':
            strings.append(line.split(' ', 2)[2].rstrip('\n'))
        elif kind == 'i':
            fields = line.split()
            ips.append(strings[int(fields[3], 16)] if len(fields) > 3 else
                       fields[1] + '@' + strings[int(fields[2], 16)].rsplit('/', 1)[-1])
        elif kind == 't':
            _, ip, parent = line.split()
            traces.append((int(ip, 16), int(parent, 16)))
    data.wait()
    return samples, ips, traces


def stack(trace, ips, traces, depth=12):
    frames = []
    while trace and len(frames) < depth:
        ip, trace = traces[trace]
        frames.append(ips[ip][:60])
    return ' <- '.join(frames)


def main():
    args = argparse.ArgumentParser()
    args.add_argument('recording')
    args.add_argument('--from-minute', type=int, default=2)
    args.add_argument('--to-minute', type=int, default=11)
    args.add_argument('--top', type=int, default=10)
    a = args.parse_args()
    samples, ips, traces = read(a.recording)
    minutes = range(a.from_minute, a.to_minute)
    means = {}
    for m in minutes:
        window = [live for t, live in samples if m <= t < m + 1]
        if window:
            sites = set(k for live in window for k in live)
            means[m] = {k: sum(live.get(k, 0) for live in window) / len(window) for k in sites}
    minutes = sorted(means)
    print('live heap kB, per-minute mean, minutes', minutes[0], '..', minutes[-1])
    print('  all sites:', ' '.join(f'{sum(means[m].values()) / 1024:.0f}' for m in minutes))
    rows = []
    for site in set(k for m in minutes for k in means[m]):
        v = [means[m].get(site, 0) for m in minutes]
        rows.append(((v[-1] + v[-2] - v[0] - v[1]) / 2, v, site))
    rows.sort(key=lambda r: -abs(r[0]))
    for change, v, site in rows[:a.top]:
        print(f'{change / 1024:+8.1f} kB:', ' '.join(f'{x / 1024:.0f}' for x in v))
        print('    ' + stack(site, ips, traces))


main()
