#!/usr/bin/env python3
"""Summarizes a speedscope file written by `dotnet-trace convert --format speedscope`.

For every thread profile (sampled profile), counts samples per stack and reports:
  - the innermost frames that match a pattern of interest (where threads spend time: waiting or running)
  - inclusive sample share of frames matching --focus (e.g. 'Sqlite|FibreCafe')
Usage: speedscope_summary.py FILE [--top N] [--focus REGEX] [--leaf-filter REGEX]
"""
import json, re, sys, collections, argparse

p = argparse.ArgumentParser()
p.add_argument("file")
p.add_argument("--top", type=int, default=25)
p.add_argument("--focus", default=r"FibreCafe|Sqlite|sqlite")
p.add_argument("--threads", default=None, help="regex on profile (thread) names to include")
a = p.parse_args()

doc = json.load(open(a.file))
frames = [f["name"] for f in doc["shared"]["frames"]]
focus = re.compile(a.focus)
inclusive = collections.Counter()
leaf_focus = collections.Counter()   # innermost frame matching focus
leaf_any = collections.Counter()     # innermost frame overall
total = 0
for prof in doc["profiles"]:
    if a.threads and not re.search(a.threads, prof.get("name", "")):
        continue
    if prof["type"] == "sampled":
        samples, weights = prof["samples"], prof.get("weights") or [1] * len(prof["samples"])
    else:  # evented: convert open/close to durations per stack
        stack, last, samples, weights = [], None, [], []
        for ev in prof["events"]:
            if last is not None and stack:
                samples.append(list(stack)); weights.append(ev["at"] - last)
            last = ev["at"]
            if ev["type"] == "O": stack.append(ev["frame"])
            else:
                if stack: stack.pop()
    for s, w in zip(samples, weights):
        total += w
        names = [frames[i] for i in s]
        seen = set()
        for n in names:
            if focus.search(n) and n not in seen:
                inclusive[n] += w; seen.add(n)
        if names:
            leaf_any[names[-1]] += w
        for n in reversed(names):
            if focus.search(n):
                leaf_focus[n] += w; break

def show(title, counter):
    print(f"\n## {title}")
    for n, w in counter.most_common(a.top):
        print(f"{100.0 * w / total:6.1f}%  {n[:180]}")

print(f"total weight {total}")
show("innermost frame (any)", leaf_any)
show(f"innermost frame matching /{a.focus}/", leaf_focus)
show(f"inclusive, frames matching /{a.focus}/", inclusive)
