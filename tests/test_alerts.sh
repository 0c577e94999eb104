#!/usr/bin/env bash
# scripts/alerts as cron runs it after a reindex: a baseline, then only what is new, written
# once even when a run is stopped between its output and its state.
#   test_alerts.sh SOURCE_DIR INDEX_BIN SEARCH_BIN
# Prints one line per check and "N passed, M failed"; exit status 1 if any failed.
set -uo pipefail
source_dir="$1" index_bin="$2" search_bin="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if "$@" >"$work/out" 2>&1; then passed=$((passed + 1)); echo "ok   $what"
  else failed=$((failed + 1)); echo "FAIL $what"; sed 's/^/     /' "$work/out"; fi
}
# The run as a crontab line would give it.
printf '#!/bin/sh\nexec "%s" --searches "%s" --db "%s" --search-bin "%s" --data-dir "%s"\n' \
  "$source_dir/scripts/alerts" "$work/searches.jsonl" "$work/db" "$search_bin" "$source_dir/indexer/extract/data" > "$work/alerts.sh"
chmod +x "$work/alerts.sh"
article() {  # article ID TITLE BODY COUNTRY
  printf '{"id":"%s","title":"%s","body":"%s","date":"2025-01-02","countries":["%s"],"speakers":[]}\n' "$@"
}

mkdir -p "$work/news"
{ article a1 "Ceasefire talks open" "ceasefire talks" UA; article a2 "Grain deal" "grain exports" TR; } > "$work/news/one.jsonl"
"$index_bin" --db "$work/db" --quiet "$work/news"
cat > "$work/searches.jsonl" <<JSON
# saved searches
{"name": "ceasefire-ua", "q": "ceasefire", "country": ["UA"], "output": "$work/alerts/ceasefire-ua.jsonl"}
{"name": "grain", "q": "grain", "output": "$work/alerts/grain.jsonl"}
JSON

check "a first run records a baseline and writes no output" bash -c "
  '$work/alerts.sh' > '$work/digest' && grep -q '^ceasefire-ua: first run, 1 matches' '$work/digest' &&
  [ ! -e '$work/alerts/ceasefire-ua.jsonl' ] && [ -s '$work/searches.jsonl.state.json' ]"
check "nothing new: nothing on stdout" bash -c "out=\$('$work/alerts.sh') && [ -z \"\$out\" ]"

{ article a3 "Ceasefire holds" "the ceasefire holds" UA; article a4 "Ceasefire elsewhere" "ceasefire" FR; } > "$work/news/two.jsonl"
# a rewrite of an article already seen is not new
article a1 "Ceasefire talks open, updated" "ceasefire talks resumed" UA > "$work/news/one.jsonl"
article a2 "Grain deal" "grain exports" TR >> "$work/news/one.jsonl"
"$index_bin" --db "$work/db" --quiet "$work/news"
cp "$work/searches.jsonl.state.json" "$work/state.before"
check "after a reindex, only the new match of each search, in its output and the digest" bash -c "
  '$work/alerts.sh' > '$work/digest' && grep -q '^ceasefire-ua: 1 new since revision' '$work/digest' &&
  grep -q 'Ceasefire holds  \[a3\]' '$work/digest' && ! grep -q '^grain' '$work/digest' &&
  [ \$(wc -l < '$work/alerts/ceasefire-ua.jsonl') -eq 1 ] && jq -e '.match.id == \"a3\"' '$work/alerts/ceasefire-ua.jsonl'"
# A run stopped after writing its output but before its state: the state is the old one.
cp "$work/state.before" "$work/searches.jsonl.state.json"
printf '{"search": "ceasefire-ua", "revis' >> "$work/alerts/ceasefire-ua.jsonl"
check "a run stopped before its state was saved is not repeated, and its half line is cut" bash -c "
  out=\$('$work/alerts.sh') && [ -z \"\$out\" ] && [ \$(wc -l < '$work/alerts/ceasefire-ua.jsonl') -eq 1 ] &&
  [ \"\$(tail -c 1 '$work/alerts/ceasefire-ua.jsonl' | od -An -c | tr -d ' ')\" = '\n' ]"
check "dateline-search --new-since a revision lists what came after it" bash -c "
  first=\$(jq -r '.since' '$work/alerts/ceasefire-ua.jsonl') &&
  '$search_bin' --db '$work/db' --data-dir '$source_dir/indexer/extract/data' --new-since \"\$first\" ceasefire |
    jq -r 'select(.id) | .id' | sort | tr '\n' ' ' | grep -qx 'a3 a4 '"
check "dateline-search --new-since a date in the future lists nothing" bash -c "
  [ \$('$search_bin' --db '$work/db' --data-dir '$source_dir/indexer/extract/data' --new-since 2999-01-01 ceasefire | wc -l) -eq 1 ]"
check "a saved search without an output is a usage error naming the line" bash -c "
  echo '{\"name\": \"x\"}' > '$work/bad.jsonl'
  ! '$source_dir/scripts/alerts' --searches '$work/bad.jsonl' --db '$work/db' 2> '$work/err' && grep -q 'bad.jsonl:1' '$work/err'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
