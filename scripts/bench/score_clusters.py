#!/usr/bin/env python3
"""Score story clusters against make_copies.py's gold: pair precision and recall.

Usage: score_clusters.py GOLD.json CLUSTERS.jsonl

CLUSTERS.jsonl is `dateline-index --extract-only` output (each line's `id` and `cluster`).
A pair is two articles in one cluster; the gold pairs are those within one gold group.
Precision is over the pairs that hold an injected copy (ids "c..."): the gold knows all of
their copies, while Reuters' own near-duplicates (re-sends with another headline, a figure
corrected) are in it only when word for word the same, so pairs of two Reuters articles are
listed apart. Recall is over every gold pair. Also prints the recall of the Reuters exact
duplicates alone, the same-topic pairs wrongly joined, and a few false pairs.
Exit status: 0, or 2 on misuse.
"""
import collections
import itertools
import json
import sys


def pairs_of(groups):
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold = json.load(open(sys.argv[1]))
    clusters = collections.defaultdict(list)
    for line in open(sys.argv[2], encoding="utf-8"):
        doc = json.loads(line)
        clusters[doc["cluster"]].append(doc["id"])
    predicted = pairs_of(c for c in clusters.values() if len(c) > 1)
    truth = pairs_of(gold["groups"])
    exact = pairs_of(gold["groups"][gold["injected"]:])
    hit = predicted & truth
    injected = {p for p in predicted if p[0].startswith("c") or p[1].startswith("c")}
    precision = len(injected & truth) / len(injected) if injected else 1.0
    recall = len(hit) / len(truth) if truth else 1.0
    same_topic = {tuple(sorted(p)) for p in gold["same_topic"]}
    print("pairs: predicted %d, gold %d, correct %d; holding an injected copy %d, correct %d"
          % (len(predicted), len(truth), len(hit), len(injected), len(injected & truth)))
    print("pair precision %.4f  pair recall %.4f" % (precision, recall))
    print("reuters exact duplicates: %d of %d pairs found" % (len(exact & predicted), len(exact)))
    print("same-topic pairs joined: %d of %d" % (len(same_topic & predicted), len(same_topic)))
    print("pairs of two Reuters articles not word for word the same: %d" % len(predicted - truth - injected))
    for a, b in sorted(injected - truth)[:10]:
        print("  false pair: %s %s" % (a, b))


if __name__ == "__main__":
    main()
