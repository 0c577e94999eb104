#!/usr/bin/env python3
"""Fails when a translation unit of server/http/ pulls in a Xapian header.

The HTTP layer depends on search/search_service.h, a narrow interface free of Xapian, so
that the transport compiles without the engine (STYLE.md: "http/ ... never Xapian"). Each
http source is preprocessed with its own compile command from compile_commands.json and
`-M`, which lists every header it reads, system headers included.

    check_http_includes.py BUILD_DIR/compile_commands.json SOURCE_DIR

Exit status: 0 clean, 1 a Xapian header found (each named with its source), 2 usage error
or nothing to check.
"""
import json
import shlex
import subprocess
import sys
from pathlib import Path


def dependencies(entry):
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "-o":
            skip = True
            continue
        if arg == "-c":
            continue
        out.append(arg)
    result = subprocess.run(out + ["-M", "-MF", "-"], cwd=entry["directory"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{entry['file']}: preprocessing failed:\n{result.stderr}")
    text = result.stdout.replace("\\\n", " ")
    return text.split(":", 1)[1].split()


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    commands = json.loads(Path(sys.argv[1]).read_text())
    http_dir = (Path(sys.argv[2]) / "server" / "http").resolve()
    entries = [e for e in commands if Path(e["file"]).resolve().parent == http_dir]
    if not entries:
        print(f"check_http_includes: no source of {http_dir} in {sys.argv[1]}", file=sys.stderr)
        return 2
    failures = 0
    for entry in entries:
        xapian = [d for d in dependencies(entry) if Path(d).name == "xapian.h" or "/xapian/" in d]
        if xapian:
            failures += 1
            print(f"{entry['file']}: includes Xapian: {xapian[0]}" + (f" (and {len(xapian) - 1} more)" if len(xapian) > 1 else ""))
    print(f"check_http_includes: {len(entries)} http sources, {failures} including Xapian")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
