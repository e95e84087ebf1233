#!/usr/bin/env python3
"""Synthetic inputs for the benchmarks, in the canonical post's dialect.

    generate.py post N      a curated post with N entries
    generate.py urls N      N URLs, one a line, over the field's URL zoo
"""
import random
import string
import sys

ALNUM = string.ascii_letters + string.digits


def url(i: int, rng: random.Random) -> str:
    """The i-th synthetic URL: real-world shapes (arXiv, GitHub, LessWrong, YouTube,
    blogs), with the variants curated lists collect (www, http, versions, tracking)."""
    kind = i % 8
    if kind == 0:
        paper = f"{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"
        return rng.choice([f"https://arxiv.org/abs/{paper}", f"https://arxiv.org/pdf/{paper}v2",
                           f"http://export.arxiv.org/abs/{paper}", f"https://arxiv.org/html/{paper}v1#S3"])
    if kind == 1:
        return rng.choice([f"https://github.com/Owner{i}/Repo-{i}", f"https://www.github.com/owner{i}/repo-{i}.git",
                           f"https://github.com/Owner{i}/Repo-{i}/tree/main?tab=readme-ov-file"])
    if kind == 2:
        post_id = "".join(rng.choice(ALNUM) for _ in range(17))
        host = rng.choice(["www.lesswrong.com", "www.alignmentforum.org"])
        return f"https://{host}/posts/{post_id}/a-post-about-circuits-{i}"
    if kind == 3:
        video = "".join(rng.choice(ALNUM + "-_") for _ in range(11))
        return rng.choice([f"https://www.youtube.com/watch?v={video}&t=42s", f"https://youtu.be/{video}?si=abc"])
    if kind == 4:
        return f"https://transformer-circuits.pub/{2020 + i % 5}/feature-{i}/index.html"
    if kind == 5:
        return f"https://example.org/blog/{i:07d}/?utm_source=newsletter&utm_medium=email&page={i % 7}"
    if kind == 6:
        return f"https://Blog.Example.COM:443/a/./posts/../{i}/Interpretability%7Enotes?b=2&a=1#intro"
    return f"https://distill.pub/{2017 + i % 5}/article-{i}/"


def urls(count: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    return "\n".join(url(i, rng) for i in range(count)) + "\n"


def post(entries: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["---", "layout: post", "title: Synthetic curated list", "date: 2025-05-26 00:12:00",
             "description: benchmark input", "---", "", "A synthetic list for benchmarks.", ""]
    per_section = 100
    for start in range(0, entries, per_section):
        lines += [f"### Section {start // per_section}", ""]
        for i in range(start, min(start + per_section, entries)):
            description = f" - notes on resource {i}" if i % 3 else ""
            topic = rng.choice(['circuits', 'SAEs', 'probing', 'features'])
            lines.append(f"{i - start + 1}. [Resource {i}: {topic}]({url(i, rng)}){description}")
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    what, count = sys.argv[1], int(sys.argv[2])
    sys.stdout.write(post(count) if what == "post" else urls(count))
