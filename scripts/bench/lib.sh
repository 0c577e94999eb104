# Shell pieces shared by scripts/bench/run and scripts/load-test (sourced, not run): progress
# lines, installing missing tools, the synthetic corpus from ../shared, and starting and
# stopping dateline-serve on a free loopback port.

# A progress line on stderr.
log() { printf '\n### %s\n' "$*" >&2; }

# install_missing COMMAND:PACKAGE... — apt-get installs the packages whose command (a name on
# PATH, or an absolute path to any file, such as a library's jar) is missing.
install_missing() {
  local pair what need=()
  for pair in "$@"; do
    what="${pair%%:*}"
    if [[ "$what" == /* ]]; then [ -e "$what" ] || need+=("${pair#*:}")
    else command -v "$what" >/dev/null || need+=("${pair#*:}"); fi
  done
  [ ${#need[@]} -gt 0 ] || return 0
  log "installing ${need[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends "${need[@]}"
}

# synth_corpus SHARED DATA_DIR DOCS — prints the path of DATA_DIR/synth-DOCS.jsonl, first
# converting Reuters-21578 (SHARED/corpus) and scaling it to DOCS articles with
# SHARED/bench/gen_synth.py --dateline when the files are not there yet. Status 1 (with the
# reason on stderr) when SHARED lacks the generator or the Reuters files.
synth_corpus() {
  local shared="$1" data="$2" docs="$3"
  local reuters="$data/reuters.jsonl" corpus="$data/synth-$docs.jsonl"
  if [ ! -f "$shared/bench/gen_synth.py" ] || [ ! -f "$shared/bench/convert_reuters.py" ] ||
     ! compgen -G "$shared/corpus/reuters21578/reut2-0*.sgm" >/dev/null; then
    echo "no corpus generator: $shared/bench/{gen_synth,convert_reuters}.py and" \
         "$shared/corpus/reuters21578/reut2-0*.sgm are needed (or pass --corpus FILE.jsonl)" >&2
    return 1
  fi
  mkdir -p "$data" || return 1
  if [ ! -s "$reuters" ]; then
    log "converting Reuters-21578 to $reuters"
    python3 "$shared/bench/convert_reuters.py" "$reuters.tmp" "$shared"/corpus/reuters21578/reut2-0*.sgm &&
      mv "$reuters.tmp" "$reuters" || return 1
  fi
  if [ ! -s "$corpus" ]; then
    log "generating $docs synthetic articles"
    # Written aside and renamed, so an interrupted run never leaves a short corpus behind.
    python3 "$shared/bench/gen_synth.py" "$reuters" "$docs" "$corpus.tmp" --dateline &&
      mv "$corpus.tmp" "$corpus" || return 1
  fi
  printf '%s\n' "$corpus"
}

# server_start LOG_PREFIX COMMAND... — runs a server COMMAND in the background (stdout in
# LOG_PREFIX.out, stderr in LOG_PREFIX.err) and waits up to 120 s (the facet store of a large
# index takes a while) for its "listening on http://127.0.0.1:PORT/" line. Sets server_pid
# and port; status 1 if the server exits or does not start in time.
server_pid=""
port=""
server_start() {
  local prefix="$1"; shift
  "$@" > "$prefix.out" 2> "$prefix.err" &
  server_pid=$!
  port=""
  for _ in $(seq 1200); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$prefix.out")
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}

# server_stop — SIGTERM to the server started by server_start (SIGKILL after 10 s), then reaps it.
server_stop() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# proc_kb PID FIELD — a size in kB from /proc/PID/status (FIELD: VmRSS, VmHWM, …); empty if gone.
proc_kb() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null; }
