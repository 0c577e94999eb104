#!/usr/bin/env python3
"""Validates real Dateline responses against schemas/: builds a database from the sample
corpus and a few JSONL records, starts dateline-serve on a free loopback port, requests
every endpoint (successes and errors), and checks each body against its JSON Schema.

Usage: validate_schemas.py INDEX_BIN SERVE_BIN SEARCH_BIN SOURCE_DIR
Exit status: 0 every response valid, 1 a response invalid or a request failed.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import jsonschema


def make_validator_factory(schema_dir):
    """Validators that resolve the schemas' relative $refs by $id, with the `referencing`
    registry of jsonschema >= 4.18 or the RefResolver of older ones (Debian bookworm: 4.10)."""
    schemas = {}
    for path in schema_dir.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        schemas[schema["$id"]] = schema
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in schemas.items())
        return lambda schema: jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:
        return lambda schema: jsonschema.Draft202012Validator(
            schema, resolver=jsonschema.RefResolver(schema["$id"], schema, store=schemas))


def main():
    index_bin, serve_bin, search_bin, source = sys.argv[1:5]
    source = pathlib.Path(source)
    schema_dir = source / "schemas"
    make_validator = make_validator_factory(schema_dir)

    def validate(name, instance):
        validator = make_validator(json.loads((schema_dir / name).read_text()))
        errors = sorted(validator.iter_errors(instance), key=str)
        if errors:
            raise AssertionError("%s: %s" % (name, errors[0].message))

    failures = checks = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        records = [
            {"id": "j1", "title": "Grain deal", "body": "Erdogan said: \"The corridor stays open.\"",
             "date": "2023-07-17", "countries": ["TR", "UA"], "speakers": ["Recep Tayyip Erdogan"]},
            {"id": 2, "title": "Undated note", "body": "No date here."},
        ]
        corpus = tmp / "extra.jsonl"
        corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n")
        for record in records:
            validate("document.schema.json", record)
        db = tmp / "db"
        subprocess.run([index_bin, "--quiet", "--db", str(db), str(source / "data" / "sample"), str(corpus)], check=True)
        server = subprocess.Popen([serve_bin, "--db", str(db), "--port", "0", "--no-access-log"],
                                  stdout=subprocess.PIPE, text=True)
        # The refusals of access: a server with a key of the search scope only, and a rate limit
        # whose burst the two rate-limited requests below use up (/metrics is exempt).
        key = "schema-check-key-0123456789"
        keys = tmp / "keys"
        keys.write_text(subprocess.run([serve_bin, "--hash-key"], input=key + "\n", check=True,
                                       capture_output=True, text=True).stdout)
        guarded = subprocess.Popen([serve_bin, "--db", str(db), "--port", "0", "--no-access-log", "--keys", str(keys),
                                    "--rate-limit", "1", "--rate-burst", "2"], stdout=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))
            guarded_port = int(guarded.stdout.readline().rsplit(":", 1)[1].strip().rstrip("/"))
            bearer = {"Authorization": "Bearer " + key}
            guarded_cases = [
                ("/api/search?q=talks", 401, "error.schema.json", {}),
                ("/metrics", 403, "error.schema.json", bearer),
                ("/api/search?q=talks", 200, "search-response.schema.json", bearer),
                ("/api/search?q=talks", 429, "error.schema.json", bearer),
            ]
            cases = [
                ("/api/search?q=talks", 200, "search-response.schema.json"),
                ("/api/search?q=ceasfire", 200, "search-response.schema.json"),
                ("/api/search?country=UA&country=TR&speaker=Vladimir%20Putin&sort=-date", 200, "search-response.schema.json"),
                ("/api/search?from=2023&to=2023-07", 200, "search-response.schema.json"),
                ("/api/search?undated=true&size=0", 200, "search-response.schema.json"),
                ("/api/facets/speaker?prefix=zel", 200, "facet-response.schema.json"),
                ("/api/facets/country?prefix=u&q=talks", 200, "facet-response.schema.json"),
                ("/api/doc/004_ccc3e7e1ea919f7c.txt", 200, "document-response.schema.json"),
                ("/api/doc/j1", 200, "document-response.schema.json"),
                ("/api/doc/j1?q=talks", 200, "document-response.schema.json"),
                ("/api/doc/j1?q=country:atlantis", 400, "error.schema.json"),
                ("/api/health", 200, "health-response.schema.json"),
                ("/api/search?size=101", 400, "error.schema.json"),
                ("/api/search?q=country:atlantis", 400, "error.schema.json"),
                ("/api/doc/missing", 404, "error.schema.json"),
                ("/api/export?what=manifest&q=talks&country=UA", 200, "export-manifest.schema.json"),
                ("/api/export?format=xml", 400, "error.schema.json"),
                ("/api/timeline?q=talks&series=country:UA&series=q:peace&interval=month", 200, "timeline-response.schema.json"),
                ("/api/timeline?series=organization:UN", 400, "error.schema.json"),
                ("/api/timeline?interval=hour", 400, "error.schema.json"),
                ("/api/cooccurrence?rows=speaker&cols=country&size=20", 200, "cooccurrence-response.schema.json"),
                ("/api/cooccurrence?size=1000", 400, "error.schema.json"),
                ("/api/export?what=everything", 400, "error.schema.json"),
                ("/api/facets/date", 404, "error.schema.json"),
            ]
            for target_port, target, status, schema, headers in (
                    [(port, *case, {}) for case in cases] + [(guarded_port, *case) for case in guarded_cases]):
                checks += 1
                try:
                    try:
                        request = urllib.request.Request("http://127.0.0.1:%d%s" % (target_port, target), headers=headers)
                        response = urllib.request.urlopen(request)
                        got, body = response.status, response.read()
                    except urllib.error.HTTPError as e:
                        got, body = e.code, e.read()
                    if got != status:
                        raise AssertionError("status %d, expected %d" % (got, status))
                    validate(schema, json.loads(body))
                    print("ok   %s" % target)
                except AssertionError as e:
                    failures += 1
                    print("FAIL %s: %s" % (target, e))
            for target in ("/api/export?format=jsonl&q=talks", "/api/export?format=jsonl&what=facets&country=UA"):
                checks += 1
                try:
                    body = urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, target)).read().decode()
                    lines = body.splitlines()
                    if not lines or "manifest" not in json.loads(lines[-1]):
                        raise AssertionError("no manifest line last")
                    for line in lines:
                        validate("export-line.schema.json", json.loads(line))
                    print("ok   %s (%d lines)" % (target, len(lines)))
                except AssertionError as e:
                    failures += 1
                    print("FAIL %s: %s" % (target, e))
            checks += 1
            cli = subprocess.run([search_bin, "--db", str(db), "--json", "talks"], check=True, capture_output=True, text=True)
            validate("search-response.schema.json", json.loads(cli.stdout))
            print("ok   dateline-search --json talks")
        finally:
            for process in (server, guarded):
                process.terminate()
                process.wait(timeout=10)
    print("%d passed, %d failed" % (checks - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
