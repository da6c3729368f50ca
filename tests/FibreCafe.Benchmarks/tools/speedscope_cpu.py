#!/usr/bin/env python3
"""CPU view of a `dotnet-trace convert --format speedscope` file of a thread-time trace: keeps only the
samples whose innermost pseudo-frame is CPU_TIME and prints the inclusive share of the frames matching
--focus and the exclusive (innermost real frame) share. Usage: speedscope_cpu.py FILE [--focus RE] [--top N]"""
import json, re, collections, argparse
p = argparse.ArgumentParser(); p.add_argument("file"); p.add_argument("--focus", default="."); p.add_argument("--top", type=int, default=30)
a = p.parse_args()
doc = json.load(open(a.file)); frames = [f["name"] for f in doc["shared"]["frames"]]
focus = re.compile(a.focus); inc = collections.Counter(); exc = collections.Counter(); total = 0.0
for prof in doc["profiles"]:
    stack, last = [], None
    for ev in prof["events"]:
        if last is not None and stack and frames[stack[-1]] == "CPU_TIME":
            w = ev["at"] - last; total += w
            names = [frames[i] for i in stack[:-1]]
            for n in set(names):
                if focus.search(n): inc[n] += w
            if names: exc[names[-1]] += w
        last = ev["at"]
        if ev["type"] == "O": stack.append(ev["frame"])
        elif stack: stack.pop()
short = lambda n: re.sub(r"\(.*", "", n)[:150]
print(f"CPU time in trace: {total:.0f} ms")
print("\n## inclusive CPU by frame (matching focus)")
for n, w in inc.most_common(a.top): print(f"{100*w/total:5.1f}%  {short(n)}")
print("\n## exclusive CPU (innermost frame)")
for n, w in exc.most_common(a.top): print(f"{100*w/total:5.1f}%  {short(n)}")
