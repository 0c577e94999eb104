#!/usr/bin/env python3
"""Writes the same articles in the formats Dateline reads, for scripts/bench/formats.

Usage: make_formats.py CORPUS.jsonl OUT_DIR [--pages N] [--items M]

From the first N records of CORPUS (Dateline's input schema, e.g. gen_synth.py --dateline):
  OUT_DIR/pages/NNNNNN.html  one HTML page per article (title, published time, paragraphs);
  OUT_DIR/pages.warc.gz      the same pages as a crawler archives them: a warcinfo record,
                             then a request and a response record per page, each record its
                             own gzip member (as wget --warc-file, Heritrix and Browsertrix).
From the first M records:
  OUT_DIR/feed.rss           one RSS 2.0 feed, an item per article, its body as HTML in
                             content:encoded;
  OUT_DIR/items.jsonl        the same items as JSON Lines: id, title, body, date, url, source.
Explicit facets are left out everywhere, so that every format goes through extraction alike.
Standard library only; the same corpus gives the same bytes.
"""
import argparse
import gzip
import html
import json
import os
import sys
from datetime import datetime, timezone
from email.utils import format_datetime


def paragraphs(body):
    return [p for p in (s.strip() for s in body.split("\n\n")) if p] or [body.strip()]


def page_html(record):
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs(record["body"]))
    title = html.escape(record.get("title", ""))
    date = record.get("date") or ""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title} | Bench Times</title>{meta}</head>\n"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{paras}</article>"
            f"<footer>Bench Times</footer></body></html>\n")


def warc_record(kind, uri, date, block, content_type):
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash((kind, uri))):032x}>\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def url_of(record):
    return f"https://bench.example/{record['id']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--items", type=int, default=50000)
    args = parser.parse_args()
    need = max(args.pages, args.items)
    records = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
            if len(records) == need:
                break
    if len(records) < need:
        sys.exit(f"make_formats: {args.corpus} has {len(records)} records, {need} needed")

    os.makedirs(os.path.join(args.out, "pages"), exist_ok=True)
    crawl = "2025-04-24T10:00:00Z"
    with open(os.path.join(args.out, "pages.warc.gz"), "wb") as warc:
        info = b"software: scripts/bench/make_formats.py\r\nformat: WARC File Format 1.1\r\n"
        warc.write(gzip.compress(warc_record("warcinfo", "", crawl, info, "application/warc-fields"), mtime=0))
        for i, record in enumerate(records[:args.pages]):
            page = page_html(record).encode()
            with open(os.path.join(args.out, "pages", f"{i:06d}.html"), "wb") as f:
                f.write(page)
            uri = url_of(record)
            request = f"GET /{record['id']} HTTP/1.1\r\nHost: bench.example\r\nUser-Agent: bench\r\n\r\n".encode()
            response = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(page)) + page
            warc.write(gzip.compress(warc_record("request", uri, crawl, request, "application/http; msgtype=request"),
                                     mtime=0))
            warc.write(gzip.compress(warc_record("response", uri, crawl, response,
                                                 "application/http; msgtype=response"), mtime=0))

    with open(os.path.join(args.out, "feed.rss"), "w", encoding="utf-8") as feed, \
         open(os.path.join(args.out, "items.jsonl"), "w", encoding="utf-8") as jsonl:
        feed.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                   'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
                   '<title>Bench Times</title>\n<link>https://bench.example/</link>\n<description>bench</description>\n')
        for record in records[:args.items]:
            body = "\n\n".join(paragraphs(record["body"]))
            item = {"id": str(record["id"]), "title": record.get("title", ""), "body": body, "url": url_of(record),
                    "source": "Bench Times"}
            if record.get("date"):
                item["date"] = record["date"][:10]
            jsonl.write(json.dumps(item, ensure_ascii=False) + "\n")
            encoded = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(body))
            pub = ""
            if item.get("date"):
                day = datetime.strptime(item["date"], "%Y-%m-%d").replace(hour=12, tzinfo=timezone.utc)
                pub = f"<pubDate>{format_datetime(day, usegmt=True)}</pubDate>"
            feed.write(f"<item><title>{html.escape(item['title'])}</title><link>{item['url']}</link>"
                       f"<guid isPermaLink=\"false\">{html.escape(item['id'])}</guid>{pub}"
                       f"<content:encoded><![CDATA[{encoded.replace(']]>', ']]]]><![CDATA[>')}]]></content:encoded></item>\n")
        feed.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
