#!/usr/bin/env python3
"""Writes a synthetic curated post with N entries, in the canonical post's dialect."""
import random
import sys

def post(entries: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    hosts = ["arxiv.org/abs", "github.com", "www.lesswrong.com/posts", "transformer-circuits.pub",
             "www.youtube.com/watch?v=", "example.org/blog", "distill.pub"]
    lines = ["---", "layout: post", "title: Synthetic curated list", "date: 2025-05-26 00:12:00",
             "description: benchmark input", "---", "", "A synthetic list for benchmarks.", ""]
    per_section = 100
    for start in range(0, entries, per_section):
        lines += [f"### Section {start // per_section}", ""]
        for i in range(start, min(start + per_section, entries)):
            host = hosts[i % len(hosts)]
            sep = "" if host.endswith("=") else "/"
            url = f"https://{host}{sep}{i:07d}{rng.choice(['', '/', '?utm_source=x', '#intro'])}"
            description = f" - notes on resource {i}" if i % 3 else ""
            lines.append(f"{i - start + 1}. [Resource {i}: {rng.choice(['circuits', 'SAEs', 'probing', 'features'])}]({url}){description}")
        lines.append("")
    return "\n".join(lines) + "\n"

if __name__ == "__main__":
    sys.stdout.write(post(int(sys.argv[1])))
