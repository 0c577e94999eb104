#!/usr/bin/env bash
# A full disk during a reindex (issue 27), on a real tmpfs of a few MB in a private mount
# namespace: the failing dateline-index run exits 1 naming the database, the server keeps
# serving the last commit, and the next run after space is freed equals a clean build.
# Runs as root, or as a user allowed user namespaces (unshare --map-root-user).
# Usage: test_disk_full.sh INDEX_BIN SERVE_BIN SEARCH_BIN
# Exit status: 0 all checks pass, 1 a check failed or no mount namespace could be made.
set -euo pipefail

[ $# -eq 3 ] || { sed -n '6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1; }
if [ "${DATELINE_IN_MOUNT_NS:-}" != 1 ]; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(--map-root-user)
  DATELINE_IN_MOUNT_NS=1 exec unshare "${as_root[@]}" --mount --propagation private "$0" "$@" \
    || { echo "test_disk_full: cannot make a mount namespace (unshare --mount)" >&2; exit 1; }
fi
index_bin=$1 serve_bin=$2 search_bin=$3

work=$(mktemp -d)
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  umount "$work/disk" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Two deterministic corpora: a small first archive, and a large second one that fills the disk.
python3 - "$work" <<'PY'
import json, random, sys
rnd = random.Random(27)
words = ["ceasefire", "election", "budget", "harvest", "pipeline", "summit", "talks", "minister", "border",
         "strike", "vaccine", "court", "river", "market", "energy", "treaty"] + ["w%04d" % i for i in range(3000)]
def article(i):
    body = " ".join(rnd.choice(words) for _ in range(180))
    return {"id": "a%05d" % i, "title": " ".join(rnd.choice(words) for _ in range(6)), "body": body,
            "date": "2024-%02d-%02d" % (1 + i % 12, 1 + i % 28), "countries": [rnd.choice(["DE", "FR", "UA"])]}
for name, first, count in (("first.jsonl", 0, 200), ("second.jsonl", 200, 6000)):
    with open(f"{sys.argv[1]}/{name}", "w") as out:
        for i in range(first, first + count):
            out.write(json.dumps(article(i)) + "\n")
PY

mkdir "$work/disk"
mount -t tmpfs -o size=4m tmpfs "$work/disk"
db="$work/disk/db"
"$index_bin" --quiet --db "$db" "$work/first.jsonl" || fail "the first run did not fit in 4 MB"

"$serve_bin" --db "$db" --port 0 --threads 2 --poll-interval 100 --no-access-log > "$work/serve.out" 2> "$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
[ -n "$port" ] || fail "dateline-serve did not start"
total() { curl --silent --fail "http://127.0.0.1:$port/api/search?q=$1&size=0" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])'; }
[ "$(total '')" = 200 ] || fail "the server does not serve the first run"

status=0
"$index_bin" --quiet --db "$db" "$work/first.jsonl" "$work/second.jsonl" 2> "$work/full.err" || status=$?
[ "$status" = 1 ] || fail "the run on a full disk exited $status, expected 1: $(cat "$work/full.err")"
grep -q "dateline-index: $db: .*No space left on device" "$work/full.err" \
  || fail "the failing run's message does not name the database and the cause: $(cat "$work/full.err")"
grep -q "keeps its last commit" "$work/full.err" || fail "the message does not say the last commit stands"
sleep 0.5  # past several poll intervals: a half-written revision must not have replaced the commit
[ "$(total '')" = 200 ] || fail "after the failed run the server serves $(total '') documents, not the last commit's 200"
curl --silent --fail "http://127.0.0.1:$port/api/health" | grep -q '"status":"ok"' || fail "health is not ok after the failed run"

# Space freed: the next run completes, and the database equals a clean build of the same input.
mount -o remount,size=256m "$work/disk"
"$index_bin" --quiet --db "$db" "$work/first.jsonl" "$work/second.jsonl" || fail "the run after space was freed failed"
"$index_bin" --quiet --db "$work/clean" --full "$work/first.jsonl" "$work/second.jsonl"
for query in "" talks "ceasefire AND border" "w0042"; do
  for database in "$db" "$work/clean"; do
    "$search_bin" --db "$database" --json --size 100 -- "$query" |
      python3 -c 'import json, sys; r = json.load(sys.stdin); [r.pop(k) for k in ("took_ms", "revision", "updated")]; print(json.dumps(r, sort_keys=True))'
  done > "$work/compare.txt"
  [ "$(sed -n 1p "$work/compare.txt")" = "$(sed -n 2p "$work/compare.txt")" ] \
    || fail "after the full disk, \"$query\" differs from a clean build"
done
for _ in $(seq 100); do [ "$(total '')" = 6200 ] && break; sleep 0.1; done
[ "$(total '')" = 6200 ] || fail "the server does not serve the completed run"
echo "ok: a full disk fails the run naming $db; the last commit is served; the next run equals a clean build"
