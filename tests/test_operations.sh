#!/usr/bin/env bash
# The operations kit: scripts/reindex as cron runs it, and the systemd units.
#   test_operations.sh SOURCE_DIR INDEX_BIN SERVE_BIN UNIT_DIR
# Prints one line per check and "N passed, M failed"; exit status 1 if any failed.
set -uo pipefail
source_dir="$1" index_bin="$2" serve_bin="$3" unit_dir="$4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if "$@" >"$work/out" 2>&1; then passed=$((passed + 1)); echo "ok   $what"
  else failed=$((failed + 1)); echo "FAIL $what"; sed 's/^/     /' "$work/out"; fi
}
expect_status() {  # expect_status CODE COMMAND...
  local want="$1"; shift
  local got=0
  "$@" || got=$?
  [ "$got" -eq "$want" ] || { echo "exit $got, expected $want"; return 1; }
}

reindex="$source_dir/scripts/reindex"
mkdir -p "$work/news"
cp "$source_dir"/data/sample/*.txt "$work/news/"

for script in "$reindex" "$source_dir"/scripts/{setup,run,test,package} "$source_dir"/tests/fresh/*.sh; do
  check "$(basename "$script") is valid bash" bash -n "$script"
done
check "reindex indexes and logs quietly" bash -c "
  out=\$(DATELINE_INDEX='$index_bin' '$reindex' --db '$work/db' --log '$work/log/reindex.log' --report '$work/r.json' '$work/news' 2>&1) &&
  [ -z \"\$out\" ] && grep -q '5 documents indexed' '$work/log/reindex.log' && grep -q '\"added\": 5' '$work/r.json'"
check "a second run changes nothing" bash -c "
  DATELINE_INDEX='$index_bin' '$reindex' --db '$work/db' --log '$work/log/reindex.log' '$work/news' &&
  tail -2 '$work/log/reindex.log' | grep -q '0 documents indexed (0 added, 0 updated), 0 deleted, 5 unchanged'"
check "a run that finds the database busy exits 4 and says so" bash -c "
  flock '$work/db/dateline-index.lock' sleep 3 & sleep 0.5
  status=0; DATELINE_INDEX='$index_bin' '$reindex' --db '$work/db' --log '$work/log/reindex.log' '$work/news' 2>'$work/err' || status=\$?
  wait; [ \$status -eq 4 ] && grep -q 'exited 4' '$work/err'"
printf 'not json\n' > "$work/news/bad.jsonl"
check "skipped inputs exit 3 and are logged with file and line" bash -c "
  status=0; DATELINE_INDEX='$index_bin' '$reindex' --db '$work/db' --log '$work/log/reindex.log' '$work/news' 2>/dev/null || status=\$?
  [ \$status -eq 3 ] && grep -q 'bad.jsonl:1: malformed JSON' '$work/log/reindex.log'"
check "reindex rejects a missing --db with status 2" expect_status 2 "$reindex" "$work/news"

if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/units"
  # The units as configured for the install prefix, pointed at this build's programs.
  bindir=$(sed -n 's|^ExecStart=\(.*\)/dateline-serve .*|\1|p' "$unit_dir/dateline-serve.service")
  for unit in "$unit_dir"/*.service "$unit_dir"/*.timer; do
    sed -e "s|$bindir/dateline-serve|$serve_bin|" -e "s|$bindir/dateline-reindex|$reindex|" \
        "$unit" > "$work/units/$(basename "$unit")"
  done
  check "systemd units verify" systemd-analyze verify "$work"/units/*
else
  echo "skip systemd units: systemd-analyze is not installed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
