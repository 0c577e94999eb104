#!/usr/bin/env python3
"""Prints scripts/bench/run's summary table (Markdown) from the files in its --out DIR.

Usage: report.py OUT_DIR      (also writes OUT_DIR/report.env with errors_total=N)
"""
import pathlib
import re
import sys

# The peers of issue 6, on the same kind of machine, 200,000 synthetic articles.
PEERS = {
    "lucene": {"docs_s": 10400, "p50": 0.72, "p99": 5.0},
    "sphinx": {"docs_s": 12500, "p50": 7.5, "p99": 38, "qps8": 240},
    "xapian": {"docs_s": 980, "p50": 4.2, "p99": 29},
    "beast_fixed": {"qps": (57000, 76000)},
}


def read_env(path):
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def read_time(path):
    """Wall seconds, CPU seconds and peak RSS (kB) from /usr/bin/time -v."""
    if not path.exists():
        return None
    text = path.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m, s = (float(g) if g else 0.0 for g in wall.groups())
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return {"wall": h * 3600 + m * 60 + s, "cpu": user + system, "rss_kb": rss}


def read_wrk(path):
    if not path.exists():
        return None
    match = re.search(r"WRK_RESULT (.*)", path.read_text())
    if not match:
        return None
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def f(value, digits=1):
    return "n/a" if value is None else f"{value:,.{digits}f}"


def ratio(a, b, digits=2):
    return "n/a" if a is None or b in (None, 0) else f"{a / b:.{digits}f}×"


def percent(a, b):
    return "n/a" if a is None or b in (None, 0) else f"{100 * a / b:.2f}%"


def main():
    out = pathlib.Path(sys.argv[1])
    meta = read_env(out / "meta.env")
    index = read_env(out / "index.env")
    query = {k: float(v) for k, v in read_env(out / "query.summary").items()}
    # The Lucene peer's figures, measured in this run (absent with --skip-lucene).
    query.update({k: float(v) for k, v in read_env(out / "lucene.summary").items()})
    threads = read_env(out / "threads.summary")
    http = read_env(out / "http.env")
    docs = int(meta.get("corpus_docs", "0"))
    lines = []
    p = lines.append

    p(f"# Dateline benchmark: {docs:,} documents")
    p("")
    p(f"Corpus `{meta.get('corpus')}` ({int(meta.get('corpus_bytes', 0)) / 1e6:.1f} MB), "
      f"queries `{meta.get('queries')}`, commit {meta.get('commit')}, "
      f"load average before {meta.get('load_before')}, after {meta.get('load_after')}.")
    p("")

    p("## Indexing")
    p("")
    p("| indexer | wall s | docs/s (wall) | docs/s (CPU) | MB/s (wall) | peak RSS MB | index MB |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    rates = {}
    shards = meta.get("shards", "1")
    sharded = "" if shards == "1" else f" ({shards} shards)"
    for name, label, bytes_key in (("given", "dateline-index, facets given" + sharded, "corpus_bytes"),
                                   ("extract", "dateline-index, with extraction" + sharded, "corpus_extract_bytes"),
                                   ("baseline", "straightforward Xapian (TermGenerator)", "corpus_bytes"),
                                   ("lucene", "Lucene 8, one thread, force-merged", "corpus_bytes")):
        t = read_time(out / f"index-{name}.time")
        if not t:
            continue
        rates[name] = (docs / t["wall"], docs / t["cpu"])
        size = int(index.get(f"index_{name}_bytes", 0)) / 1e6
        p(f"| {label} | {f(t['wall'])} | {f(docs / t['wall'])} | {f(docs / t['cpu'])} | "
          f"{f(int(meta.get(bytes_key, 0)) / 1e6 / t['wall'], 2)} | {f(t['rss_kb'] / 1024)} | {f(size)} |")
    p("")
    if "baseline" in rates:
        for name in ("given", "extract"):
            if name in rates:
                p(f"- {name}: {ratio(rates[name][0], rates['baseline'][0])} the baseline by wall time, "
                  f"{ratio(rates[name][1], rates['baseline'][1])} by CPU time (target with extraction: ≥ 3×).")
        p("")

    p("## Queries in-process (top 10 by relevance + exact counts: country, speaker, date)")
    p("")
    engines = (("dateline", "Dateline (search + JSON)"), ("dateline_search_only", "Dateline (search)"),
               ("dateline_xapian_matcher", "Dateline with Xapian's matcher (search)"),
               ("plain_xapian", "plain Xapian floor"), ("baseline_faceted_xapian", "straightforward faceted Xapian"),
               ("lucene", "Lucene 8 (DrillSideways)"), ("lucene_ids", "Lucene 8, page's fields not read"))
    kinds = sorted({k.split(".")[1] for k in query if k.startswith("dateline.") and k.endswith(".p50")} - {"ALL"}) + ["ALL"]
    p("| kind | " + " | ".join(f"{label} p50 / p95 / p99 ms" for _, label in engines) + " |")
    p("|---|" + "---:|" * len(engines))
    for kind in kinds:
        cells = []
        for engine, _ in engines:
            vals = [query.get(f"{engine}.{kind}.{q}") for q in ("p50", "p95", "p99")]
            cells.append(" / ".join(f(v, 2) for v in vals))
        p(f"| {kind} | " + " | ".join(cells) + " |")
    p("")
    p("| engine | QPS, 1 thread | mean ms |")
    p("|---|---:|---:|")
    for engine, label in engines:
        p(f"| {label} | {f(query.get(engine + '.qps'))} | {f(query.get(engine + '.ALL.mean'), 2)} |")
    qps_threads = float(threads["dateline.qps_threads"]) if "dateline.qps_threads" in threads else None
    if qps_threads:
        p(f"| Dateline (search), {threads.get('dateline.threads')} threads | {f(qps_threads)} | |")
    if "lucene.qps_threads" in query:
        p(f"| Lucene 8, {int(query['lucene.threads'])} threads | {f(query['lucene.qps_threads'])} | |")
    if "inproc_threads_failed" in threads:
        p(f"| Dateline (search), {meta.get('threads')} threads | **crashed** (exit {threads['inproc_threads_failed']}) | |")
    p("")
    if "responses_agree_between_matchers" in query:
        p(f"Responses of the posting-list match equal to those of Xapian's matcher (page, scores, snippets, total, "
          f"facets) on {int(query['responses_agree_between_matchers'])} of {int(query.get('queries', 0))} queries.")
        p("")
    if "totals_agree_with_baseline" in query:
        p(f"Totals equal to the straightforward baseline's exact counts on "
          f"{int(query['totals_agree_with_baseline'])} of {int(query.get('queries', 0))} queries.")
        p("")

    errors_total = 0
    p("## HTTP (wrk, loopback, request mix = the query mix)")
    p("")
    p("| server | conns | req/s | mean ms | p50 ms | p99 ms | max ms | errors (non-2xx + socket) |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|")
    wrk = {}
    for name, label in (("dateline", "dateline-serve"), ("fixed", "Beast fixed body")):
        for conns in (1, 8, 64):
            r = read_wrk(out / f"http-{name}-{conns}.txt")
            wrk[(name, conns)] = r
            if not r:
                if (out / f"http-{name}-{conns}.txt").exists():
                    p(f"| {label} | {conns} | no result | | | | | |")
                continue
            errors = int(r["non2xx"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"])
            errors_total += errors
            p(f"| {label} | {conns} | {f(r['rps'])} | {f(r['lat_mean_ms'], 2)} | {f(r['lat_p50_ms'], 2)} | "
              f"{f(r['lat_p99_ms'], 2)} | {f(r['lat_max_ms'], 2)} | {errors} |")
    if "dateline_died_at" in http:
        p(f"\n**dateline-serve died during the {http['dateline_died_at']}-connection run.**")
    p("")
    if "dateline_rss_end_kb" in http:
        p(f"dateline-serve RSS: {f(int(http['dateline_rss_start_kb']) / 1024)} MB after start, "
          f"{f(int(http['dateline_rss_end_kb']) / 1024)} MB after the runs (peak {f(int(http['dateline_hwm_kb']) / 1024)} MB).")
        p("")

    p("## Ratios and the issue's targets")
    p("")
    d50, d99, dmean = (query.get(f"dateline.ALL.{q}") for q in ("p50", "p99", "mean"))
    x50, x99, xmean = (query.get(f"plain_xapian.ALL.{q}") for q in ("p50", "p99", "mean"))
    p(f"- Dateline / plain-Xapian floor (in-process, all kinds): p50 {ratio(d50, x50)}, p99 {ratio(d99, x99)}, "
      f"mean {ratio(dmean, xmean)}.")
    l50, l99 = query.get("lucene.ALL.p50"), query.get("lucene.ALL.p99")
    ours, theirs = query.get("dateline.matches_per_pass"), query.get("lucene.matches_per_pass")
    if ours and theirs:
        p(f"- Matches over the mix (sum of the totals): Dateline {f(ours, 0)}, Lucene {f(theirs, 0)} "
          f"({ratio(theirs, ours, 3)}; the tokenizers differ).")
    if l50:
        p(f"- Faceted query vs Lucene 8 measured in this run (target: no worse): p50 {f(d50, 2)} ms vs {f(l50, 2)} ms "
          f"({ratio(d50, l50)}), p99 {f(d99, 2)} ms vs {f(l99, 2)} ms ({ratio(d99, l99)}).")
    i50, i99 = query.get("lucene_ids.ALL.p50"), query.get("lucene_ids.ALL.p99")
    if i50:
        p(f"- The same against Lucene not reading the page's stored fields (its floor): p50 {ratio(d50, i50)}, "
          f"p99 {ratio(d99, i99)}.")
    p(f"- Faceted query vs the issue's Lucene 8.8 figures at 200k: p50 {f(d50, 2)} ms vs {PEERS['lucene']['p50']} ms "
      f"({ratio(d50, PEERS['lucene']['p50'])}), p99 {f(d99, 2)} ms vs {PEERS['lucene']['p99']} ms ({ratio(d99, PEERS['lucene']['p99'])}).")
    m50, m99 = query.get("dateline_xapian_matcher.ALL.p50"), query.get("dateline_xapian_matcher.ALL.p99")
    s50, s99 = query.get("dateline_search_only.ALL.p50"), query.get("dateline_search_only.ALL.p99")
    if m50:
        p(f"- Posting-list match vs Xapian's matcher (search only): p50 {ratio(s50, m50)}, p99 {ratio(s99, m99)}.")
    b50, b99 = query.get("baseline_faceted_xapian.ALL.p50"), query.get("baseline_faceted_xapian.ALL.p99")
    p(f"- Dateline vs straightforward faceted Xapian on this machine: p50 {ratio(d50, b50)}, p99 {ratio(d99, b99)}.")
    one, eight, sixty4 = wrk.get(("dateline", 1)), wrk.get(("dateline", 8)), wrk.get(("dateline", 64))
    # The measure: requests/s over HTTP against queries/s in-process in the same run,
    # as the cost a query adds over HTTP (in-process QPS / HTTP req/s - 1). One connection is
    # set against one thread (search + JSON); 8 and 64 against the threads of the server.
    server_threads = f"{threads.get('dateline.threads')} threads, search"
    for conns, in_qps, in_label in ((1, query.get("dateline.qps"), "1 thread, search + JSON"),
                                    (8, qps_threads, server_threads), (64, qps_threads, server_threads)):
        r = wrk.get(("dateline", conns))
        if r and in_qps:
            p(f"- HTTP overhead at {conns} connection{'s' if conns > 1 else ''}: {f(r['rps'])} req/s over HTTP vs "
              f"{f(in_qps)} queries/s in-process ({in_label}) = {f((in_qps / r['rps'] - 1) * 100, 0)}% added "
              f"per query (target ≤ 25%).")
    if one and dmean:
        p(f"- Latency at 1 connection: mean {f(one['lat_mean_ms'], 2)} ms over HTTP (wrk) vs {f(dmean, 2)} ms "
          f"in-process (search + JSON).")
    for conns, r in ((8, eight), (64, sixty4)):
        if r:
            p(f"- HTTP at {conns} connections: {f(r['rps'])} req/s = {ratio(r['rps'], PEERS['sphinx']['qps8'])} Sphinx's "
              f"{PEERS['sphinx']['qps8']} QPS (target ≥ 4×); "
              f"{percent(r['rps'], (wrk.get(('fixed', conns)) or {}).get('rps'))} of the fixed-body ceiling.")
    p("")
    (out / "report.env").write_text(f"errors_total={errors_total}\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
