#!/usr/bin/env python3
"""A seeded synthetic deal with inline interval profiles, for the pools-over-time benchmark.

Usage: scripts/profile-deal.py GROUPS [--intervals 336] [--seed 42] [--catalog zoom-contact-center] [--distinct D]
Writes the deal YAML to standard output. Each group is a team at one of four sites (UTC offsets 0,
+1, -5, -8), working one of three shifts (06-14, 14-22, 22-06 local, with 10-20-minute overlaps at
changes rounded up to the grid) on weekdays, with a few signed in at weekends; its signed-in users
per 30-minute interval vary with seeded noise. Features are voice, with chat, wfm, qm, email (Premium and up) or ai-expert-assist for some.
With --distinct D, only the first D teams are drawn and every further team is a copy of one of them
(team g copies team g mod D: the same agents, features and profile), for deals of identical groups.
"""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("groups", type=int)
parser.add_argument("--intervals", type=int, default=336)
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--catalog", default="zoom-contact-center")
parser.add_argument("--distinct", type=int, default=0)
args = parser.parse_args()
rng = random.Random(args.seed)
sites = [0, 1, -5, -8]
shifts = [(6, 14), (14, 22), (22, 30)]
print("name: synthetic %d groups x %d intervals (seed %d)" % (args.groups, args.intervals, args.seed))
print("catalog: %s" % args.catalog)
print("concurrency: { grid: 30m, start: 2026-01-05T00:00:00Z }")
print("groups:")
distinct = args.distinct if 0 < args.distinct < args.groups else args.groups
drawn = []
for g in range(args.groups):
    if g >= distinct:
        agents, features, counts = drawn[g % distinct]
        print("  - name: team-%04d" % g)
        print("    agents: %d" % agents)
        print("    features: [%s]" % ", ".join(features))
        print("    signed_in: [%s]" % ", ".join(str(c) for c in counts))
        continue
    agents = rng.randint(5, 60)
    offset = rng.choice(sites)
    start, end = rng.choice(shifts)
    level = rng.uniform(0.6, 0.95)
    counts = []
    for i in range(args.intervals):
        hour_utc = (i % 48) / 2.0
        day = (i // 48) % 7
        local = (hour_utc + offset) % 24
        on = any(start <= local + 24 * k < end + 0.5 for k in (0, 1))
        weekend = day >= 5
        if on:
            value = agents * level * (0.35 if weekend else 1.0) * rng.uniform(0.85, 1.0)
        else:
            value = agents * rng.uniform(0.0, 0.05)
        counts.append(max(0, min(agents, round(value))))
    features = ["voice"] + [f for f, p in (("chat", 0.4), ("wfm", 0.2), ("qm", 0.15), ("email", 0.2), ("ai-expert-assist", 0.1)) if rng.random() < p]
    drawn.append((agents, features, counts))
    print("  - name: team-%04d" % g)
    print("    agents: %d" % agents)
    print("    features: [%s]" % ", ".join(features))
    print("    signed_in: [%s]" % ", ".join(str(c) for c in counts))
