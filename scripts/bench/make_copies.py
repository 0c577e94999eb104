#!/usr/bin/env python3
"""Build a story-cluster test corpus from Reuters-21578 by injecting wire copies.

Usage: make_copies.py REUTERS.jsonl OUT_DIR [--copies 1000] [--seed 24]

REUTERS.jsonl is ../shared/bench/convert_reuters.py's output. Writes to OUT_DIR:
  corpus.jsonl  every Reuters article (ids r<NEWID>) plus, for --copies of them, one to three
                copies each (ids c<NEWID>-<k>), in Dateline's JSONL input schema;
  gold.json     {"groups": [[id, ...], ...]}: each injected story (original and copies) and
                each set of Reuters articles with the same body word for word (the exact
                duplicates already in Reuters; the "Blah blah blah." placeholder bodies of
                headline-only briefs aside), and {"same_topic": [[a, b], ...]}: pairs of
                different Reuters stories of the same day, place and subject word, which
                must stay apart.
A copy changes its original by two to four of: headline reworded, a paragraph dropped or
added, a dateline put in front or changed, whitespace and punctuation altered, a short
correction appended. Standard library only; the same seed gives the same corpus.
Exit status: 0, or 2 on misuse.
"""
import argparse
import collections
import json
import random
import re
import sys

PLACEHOLDER = re.compile(r"^\**\s*(Blah blah blah\.)?\s*$")
PARAGRAPH = re.compile(r"\n\s{2,}")
CITIES = ["NEW YORK", "LONDON", "TOKYO", "WASHINGTON", "CHICAGO", "FRANKFURT", "PARIS", "SYDNEY"]
SOURCES = ["AP wire", "Business Wire", "Agence wire", "Metro Daily", "Evening Ledger"]
HEAD_SWAPS = [("SAYS", "SAID"), ("RISES", "UP"), ("FALLS", "DOWN"), ("U.S.", "US"), ("TO", "WILL"),
              ("MLN", "MILLION"), ("PCT", "PERCENT"), ("SEES", "EXPECTS"), ("NET", "PROFIT")]
SUBJECTS = ["oil", "crude", "wheat", "coffee", "gold", "dollar", "interest", "sugar", "trade"]


def paragraphs(body):
    return [p.strip() for p in PARAGRAPH.split(body) if p.strip()]


def join(paras):
    return "\n    ".join(paras)


def reword_headline(rng, title):
    words = title.split()
    swapped = False
    for old, new in rng.sample(HEAD_SWAPS, len(HEAD_SWAPS)):
        if old in words:
            words[words.index(old)] = new
            swapped = True
            break
    if not swapped or rng.random() < 0.5:
        words = [rng.choice(["UPDATE 1-", "WRAPUP-", "REFILE-", "RPT-"]) + (words[0] if words else "")] + words[1:]
    return " ".join(words).title() if rng.random() < 0.3 else " ".join(words)


def alter_punctuation(rng, text):
    text = re.sub(r"\n\s*", lambda m: rng.choice([" ", "\n", "\n\n", "\n  "]), text)
    text = text.replace(" - ", rng.choice([" -- ", " – ", ", "]))
    text = re.sub(r",(?=\s)", lambda m: "" if rng.random() < 0.3 else ",", text)
    return re.sub(r"  +", " ", text) if rng.random() < 0.5 else text


def make_copy(rng, original, filler):
    title, paras = original["title"], paragraphs(original["body"])
    edits = rng.sample(["headline", "paragraph", "dateline", "punctuation", "correction"], rng.randint(2, 4))
    if "headline" in edits:
        title = reword_headline(rng, title)
    if "paragraph" in edits:
        if len(paras) >= 3 and rng.random() < 0.5:
            del paras[rng.randrange(1, len(paras))]
        else:
            paras.insert(rng.randint(1, len(paras)), rng.choice(filler))
    if "dateline" in edits:
        first = re.sub(r"^[A-Z][A-Z .]+, \w+ \d+ - ", "", paras[0]) if paras else ""
        day = original["date"][8:10].lstrip("0")
        paras[0] = "%s, %s %s - %s" % (rng.choice(CITIES), rng.choice(["March", "Mar"]), day, first)
    body = join(paras)
    if "punctuation" in edits:
        body = alter_punctuation(rng, body)
    if "correction" in edits:
        body += rng.choice([
            "\n    (Corrects figure in third paragraph)",
            "\n    (Adds company comment in paragraph two)",
            "\n    (Fixes spelling of name in fourth paragraph)",
            "\n    (Updates with closing prices)"])
    return title, body, edits


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reuters")
    parser.add_argument("out_dir")
    parser.add_argument("--copies", type=int, default=1000, help="articles to copy (default 1000)")
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs = [json.loads(line) for line in open(args.reuters, encoding="utf-8")]
    for d in docs:
        d["id"] = "r%d" % d["id"]
        d["date"] = (d.get("date") or "")[:10] or None

    groups = collections.defaultdict(list)
    for d in docs:
        body = " ".join(d["body"].split())
        if body and not PLACEHOLDER.match(d["body"]):
            groups[body].append(d["id"])
    exact = [ids for ids in groups.values() if len(ids) > 1]
    in_exact = {i for ids in exact for i in ids}

    # Originals: real stories of some length, not themselves duplicated in Reuters. A headline
    # or a lead that Reuters ran more than once is usually a re-send with small changes, which
    # the gold would not know as a copy: those stories are not copied either.
    def lead(d):
        return " ".join(re.findall(r"[a-z0-9]+", d["body"].lower())[:12])
    titles = collections.Counter(" ".join(d["title"].split()) for d in docs)
    leads = collections.Counter(lead(d) for d in docs)
    candidates = [d for d in docs if len(paragraphs(d["body"])) >= 2 and len(d["body"].split()) >= 40
                  and d["id"] not in in_exact and titles[" ".join(d["title"].split())] == 1 and leads[lead(d)] == 1]
    originals = rng.sample(candidates, args.copies)
    filler = [p for d in rng.sample(candidates, 2000) for p in paragraphs(d["body"])[1:2]]

    out = open("%s/corpus.jsonl" % args.out_dir, "w", encoding="utf-8")
    for d in docs:
        out.write(json.dumps({"id": d["id"], "title": d["title"], "body": d["body"], "date": d["date"],
                              "source": "Reuters"}, ensure_ascii=False) + "\n")
    injected = []
    edit_counts = collections.Counter()
    for original in originals:
        story = [original["id"]]
        for k in range(1, rng.randint(1, 3) + 1):
            title, body, edits = make_copy(rng, original, filler)
            edit_counts.update(edits)
            copy_id = "c%s-%d" % (original["id"][1:], k)
            date = original["date"]
            if date and rng.random() < 0.3:  # a later take, a day on
                day = min(28, int(date[8:10]) + 1)
                date = "%s%02d" % (date[:8], day)
            out.write(json.dumps({"id": copy_id, "title": title, "body": body, "date": date,
                                  "source": rng.choice(SOURCES)}, ensure_ascii=False) + "\n")
            story.append(copy_id)
        injected.append(story)
    out.close()

    # Same day, same first place, same subject word in the headline: one topic, other stories.
    by_topic = collections.defaultdict(list)
    for d in docs:
        words = set(re.findall(r"[a-z]+", d["title"].lower()))
        for subject in SUBJECTS:
            if subject in words and d["places"] and d["id"] not in in_exact and not PLACEHOLDER.match(d["body"]):
                by_topic[(d["date"], d["places"][0], subject)].append(d["id"])
    # Reuters' own re-sends (the same headline or lead) are one story, not two on one topic.
    by_id = {d["id"]: d for d in docs}
    def resent(a, b):
        return by_id[a]["title"].split() == by_id[b]["title"].split() or lead(by_id[a]) == lead(by_id[b])
    same_topic = [[a, b] for ids in by_topic.values() for i, a in enumerate(ids) for b in ids[i + 1:] if not resent(a, b)]

    json.dump({"groups": injected + exact, "injected": len(injected), "exact_duplicate_groups": len(exact),
               "same_topic": same_topic, "edits": dict(edit_counts)},
              open("%s/gold.json" % args.out_dir, "w"), indent=1)
    print("make_copies: %d articles, %d copies of %d stories, %d exact-duplicate groups in Reuters, "
          "%d same-topic pairs" % (len(docs) + sum(len(s) - 1 for s in injected), sum(len(s) - 1 for s in injected),
                                   len(injected), len(exact), len(same_topic)), file=sys.stderr)


if __name__ == "__main__":
    main()
