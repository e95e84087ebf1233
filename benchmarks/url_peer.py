#!/usr/bin/env python3
"""A Python URL normalizer over a file of URLs, one a line: the peers of `curate url`.

    url_peer.py courlan|url-normalize FILE
"""
import sys

peer, path = sys.argv[1], sys.argv[2]
if peer == "courlan":
    from courlan import normalize_url as normalize
else:
    from url_normalize import url_normalize as normalize
out = []
with open(path, encoding="utf-8") as lines:
    for line in lines:
        try:
            out.append(normalize(line.rstrip("\n")))
        except Exception:  # noqa: BLE001 - a peer's refusal is an empty line, as curate's
            out.append("")
sys.stdout.write("\n".join(out) + "\n")
