#!/usr/bin/env bash
# The README's commands on a fresh Debian bookworm machine: a pristine root made with
# debootstrap (variant minbase) from the Debian mirror this machine's apt uses, a clone of
# HEAD in it, then, as a newcomer would:
#   1. scripts/run --port P           serves the sample: /api/health, q=talks, the page
#   2. scripts/run --port P FOLDER    serves a folder of one's own, incrementally on a 2nd run
#   3. the browser tests (tests/e2e) on Debian's own nodejs and chromium, against that build
#   4. scripts/package                builds the .deb there
# and in a second pristine root, with nothing built: apt-get install ./dateline_*.deb, the
# sample indexed by the installed dateline-index as the dateline user, the installed server
# started as its unit's ExecStart says, and searched.
#   fresh_machine_test.sh SOURCE_DIR WORK_DIR
# WORK_DIR keeps the debootstrap tarball and its unpacked root between runs; the roots, copies
# of that one, are deleted after each run.
# Exit status: 0 passed, 1 failed, 77 skipped (not root, no debootstrap, or no mirror).
set -euo pipefail

source_dir="${1:?usage: fresh_machine_test.sh SOURCE_DIR WORK_DIR}"
work="${2:?usage: fresh_machine_test.sh SOURCE_DIR WORK_DIR}"
suite=bookworm
skip() { echo "SKIPPED: the fresh-machine test cannot run here: $*" >&2; exit 77; }
step() { echo "== fresh $(date +%T): $* ==" >&2; }
fail() { echo "FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "it needs root (debootstrap and chroot)"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (scripts/setup --test installs it)"
command -v git >/dev/null || skip "git is not installed"

# The mirror this machine's apt uses: the first Debian URI of its sources.
mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
           /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v -- -security | awk '{print $2}' | head -n 1 || true)
[ -n "$mirror" ] || skip "no Debian mirror found in /etc/apt/sources"
python3 - "$mirror/dists/$suite/Release" <<'PY' || skip "the mirror $mirror does not answer"
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=20).read(64)
PY

mkdir -p "$work"
work="$(cd "$work" && pwd)"
tarball="$work/$suite-minbase.tgz"
roots=()

# Unmounts everything below a root, deepest first, and deletes the root only when nothing
# is mounted there any more: rm -rf through a live /dev or /proc would delete the host's.
remove_root() {
  local root="$1" mount
  for mount in $(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$mount" 2>/dev/null || umount -l "$mount"
  done
  if awk -v r="$root" '$2 == r || index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    echo "fresh: $root is still mounted; not deleting it" >&2
    return 1
  fi
  rm -rf --one-file-system "$root"
}
server_pids=()
cleanup() {
  local pid root
  for pid in "${server_pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for root in "${roots[@]}"; do remove_root "$root" || true; done
}
trap cleanup EXIT

if [ ! -s "$tarball" ]; then
  step "debootstrap --make-tarball from $mirror (once; kept in $work)"
  rm -rf "$work/tarball-root"
  debootstrap --variant=minbase --make-tarball="$tarball.part" "$suite" "$work/tarball-root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; rm -rf "$work/tarball-root"; skip "debootstrap could not fetch $suite from $mirror"; }
  rm -rf "$work/tarball-root"
  mv "$tarball.part" "$tarball"
fi

# Only what any machine of this kind has goes in: its apt sources, DNS, and the CA bundle
# the host names in its *_CA_*/SSL_CERT_* variables (registries behind a proxy with its own CA).
chroot_env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
# Unpacked once and kept beside the tarball (never mounted, never entered): each root is a copy.
pristine="$work/root-pristine"
new_root() {
  local root="$1" var value
  [ ! -e "$root" ] || remove_root "$root"
  roots+=("$root")
  if [ ! -d "$pristine" ]; then
    debootstrap --variant=minbase --unpack-tarball="$tarball" "$suite" "$pristine.part" "$mirror" >"$work/unpack.log" 2>&1 \
      || { tail -20 "$work/unpack.log" >&2; rm -rf --one-file-system "$pristine.part"; fail "debootstrap could not unpack $tarball"; }
    mv "$pristine.part" "$pristine"
  fi
  cp -a "$pristine" "$root"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    rm -f "$root/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
  fi
  # Copied where no package writes (ca-certificates rewrites /etc/ssl/certs when installed),
  # and the same variables point there.
  while IFS='=' read -r var value; do
    case "$var" in *_CA_*|SSL_CERT_*|*CA_BUNDLE*|*CA_CERTS*) ;; *) continue ;; esac
    if [ -f "$value" ]; then
      mkdir -p "$root/usr/local/share/host-ca$(dirname "$value")"
      cp -L "$value" "$root/usr/local/share/host-ca$value"
      chroot_env+=("$var=/usr/local/share/host-ca$value")
    fi
  done < <(env)
  mount -t proc proc "$root/proc"
  # The host's devices, but private: nothing mounted or unmounted below reaches the host.
  mount --bind /dev "$root/dev"
  mount --make-private "$root/dev"
  mount -t tmpfs -o size=512m tmpfs "$root/dev/shm"   # Chromium's shared memory
}
in_root() { local root="$1"; shift; chroot "$root" /usr/bin/env -i "${chroot_env[@]}" "$@"; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# get URL: the body, or a failure naming the URL.
get() { python3 - "$1" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as response:
    sys.stdout.write(response.read().decode())
PY
}
# wait_for_health PORT PID LOG SECONDS: until /api/health answers, the server has died, or time is up.
wait_for_health() {
  local port="$1" pid="$2" log="$3" deadline=$((SECONDS + $4))
  until get "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; fail "the server exited before answering (log: $log)"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$log" >&2; fail "no answer on port $port within $4 s (log: $log)"; }
    sleep 1
  done
}
stop_server() {
  kill -TERM -- "-$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  server_pids=("${server_pids[@]/$1}")
}
# check_search PORT QUERY EXPECTED_IDS_FILE: every result is one of the expected ids, and
# there is at least one.
check_search() {
  get "http://127.0.0.1:$1/api/search?q=$2" | python3 -c '
import json, sys
response = json.load(sys.stdin)
expected = set(open(sys.argv[1]).read().split())
ids = [r["id"] for r in response["results"]]
if not ids or response["total"] < 1: sys.exit("no results for %r" % sys.argv[2])
unknown = [i for i in ids if i not in expected]
if unknown: sys.exit("results that are not expected articles: %s" % unknown)
print("q=%s: %d results" % (sys.argv[2], response["total"]))
' "$3" "$2"
}

step "root 1: a pristine $suite with a clone of HEAD"
root1="$work/root-build"
new_root "$root1"
git clone --quiet --no-hardlinks "$source_dir" "$root1/home/newcomer/dateline"
checkout=/home/newcomer/dateline
(cd "$source_dir/data/sample" && ls) > "$work/sample-ids"

step "root 1: scripts/run (installs, builds, indexes the sample, serves)"
port=$(free_port)
setsid chroot "$root1" /usr/bin/env -i "${chroot_env[@]}" bash -c "cd $checkout && exec scripts/run --port $port" \
  >"$work/run-sample.log" 2>&1 &
pid=$!; server_pids+=("$pid")
# A bound for a stuck install or build, not a timing check: on an idle 2-core machine this
# step takes about 5 minutes, and three times as long beside other builds.
wait_for_health "$port" "$pid" "$work/run-sample.log" 1500
check_search "$port" talks "$work/sample-ids"
get "http://127.0.0.1:$port/" | grep -q '<title>Dateline' || fail "/ is not the browsing page"
echo "/ is the page" >&2
stop_server "$pid"

step "root 1: scripts/run FOLDER (a folder of one's own, then again: incremental)"
mkdir -p "$root1/home/newcomer/articles/2024"
printf 'Harbour strike ends\n\nDock workers in Rotterdam ended their strike on Monday, the union said.\n' \
  > "$root1/home/newcomer/articles/2024/strike.txt"
printf '<html><head><title>Grain deal</title></head><body><article><h1>Grain deal</h1><p>Ministers in Ankara agreed a grain deal, officials said.</p></article></body></html>\n' \
  > "$root1/home/newcomer/articles/grain.html"
# and the archive formats of a newsroom: a feed and a web archive, as the suite's fixtures have them.
cp "$root1$checkout/tests/fixtures/formats/wire.rss" "$root1$checkout/tests/fixtures/formats/harbour.warc.gz" \
   "$root1/home/newcomer/articles/"
printf '%s\n' 2024/strike.txt grain.html > "$work/own-ids"
for attempt in first second; do
  port=$(free_port)
  setsid chroot "$root1" /usr/bin/env -i "${chroot_env[@]}" bash -c \
    "cd $checkout && exec scripts/run --port $port /home/newcomer/articles" >"$work/run-own-$attempt.log" 2>&1 &
  pid=$!; server_pids+=("$pid")
  wait_for_health "$port" "$pid" "$work/run-own-$attempt.log" 300
  check_search "$port" strike "$work/own-ids"
  check_search "$port" grain "$work/own-ids"
  get "http://127.0.0.1:$port/api/search?q=kyiv" | python3 -c '
import json, sys
total = json.load(sys.stdin)["total"]
if total < 1: sys.exit("the feed'"'"'s items were not indexed")
print("q=kyiv (the feed): %d results" % total)'
  grep -q "run: database: .*/archive-db" "$work/run-own-$attempt.log" || fail "scripts/run does not say where the database is"
  stop_server "$pid"
done
grep -q "0 documents indexed (0 added, 0 updated), 0 deleted" "$work/run-own-second.log" \
  || { cat "$work/run-own-second.log" >&2; fail "the second run rewrote unchanged articles"; }
echo "the second run rewrote nothing" >&2

step "root 1: the browser tests on Debian's nodejs and chromium"
# scripts/test's own steps for them (scripts/setup --test also brings clang and the rest of
# the suite's tools, which this test does not need), against the build scripts/run made.
in_root "$root1" bash -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm chromium \
    && node --version && cd $checkout && npm ci --prefix tests/e2e --no-audit --no-fund \
    && DATELINE_INDEX_BIN=build/indexer/dateline-index DATELINE_SERVE_BIN=build/server/dateline-serve \
       DATELINE_BUILD_DIR=build node --test --test-reporter=spec tests/e2e/" >"$work/browser.log" 2>&1 \
  || { tail -40 "$work/browser.log" >&2; fail "the browser tests failed on Debian's Node.js (log: $work/browser.log)"; }
grep -m1 '^v[0-9]' "$work/browser.log" | sed 's/^/Debian node /' >&2
grep -E '^ℹ (pass|fail)' "$work/browser.log" >&2 || true

step "root 1: scripts/package"
in_root "$root1" bash -c "cd $checkout && scripts/package --out /home/newcomer/dist" >"$work/package.log" 2>&1 \
  || { tail -30 "$work/package.log" >&2; fail "scripts/package failed"; }
deb=$(tail -n 1 "$work/package.log")
case "$deb" in /home/newcomer/dist/dateline_*_amd64.deb) ;; *) fail "scripts/package printed no package path: $deb" ;; esac
cp "$root1$deb" "$work/"
deb_file="$work/$(basename "$deb")"
remove_root "$root1"

step "root 2: a pristine $suite; apt-get install ./$(basename "$deb_file")"
root2="$work/root-install"
new_root "$root2"
cp "$deb_file" "$root2/tmp/"
in_root "$root2" bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb_file")" \
  >"$work/install.log" 2>&1 || { tail -30 "$work/install.log" >&2; fail "apt-get install of the package failed"; }
in_root "$root2" getent passwd dateline >/dev/null || fail "the package made no dateline user"
[ "$(in_root "$root2" stat -c %U /var/lib/dateline)" = dateline ] || fail "/var/lib/dateline is not the dateline user's"
for unit in dateline-serve.service dateline-reindex.service dateline-reindex.timer; do
  [ -f "$root2/usr/lib/systemd/system/$unit" ] || fail "the package ships no $unit"
done
if find "$root2/etc/systemd/system" -name 'dateline*' 2>/dev/null | grep -q .; then fail "the package enabled its units"; fi
[ ! -e "$root2/home/newcomer" ] || fail "root 2 holds a source tree: it must hold only the package"
echo "installed: user dateline, /var/lib/dateline, units present and disabled" >&2

step "root 2: the sample indexed as the dateline user, the server started as its unit says"
in_root "$root2" runuser -u dateline -- dateline-index --db /var/lib/dateline/db /usr/share/dateline/sample \
  >"$work/install-index.log" 2>&1 || { cat "$work/install-index.log" >&2; fail "the installed dateline-index failed"; }
port=$(free_port)
# The administrator's setting, then ExecStart with its variables, as systemd expands them.
echo "DATELINE_PORT=$port" >> "$root2/etc/default/dateline"
unit="$root2/usr/lib/systemd/system/dateline-serve.service"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
environment=$(sed -n 's/^Environment=//p' "$unit")
setsid chroot "$root2" /usr/bin/env -i "${chroot_env[@]}" runuser -u dateline -- bash -c \
  "set -a; $environment; . /etc/default/dateline; set +a; cd /; exec $exec_start" >"$work/install-serve.log" 2>&1 &
pid=$!; server_pids+=("$pid")
wait_for_health "$port" "$pid" "$work/install-serve.log" 60
check_search "$port" talks "$work/sample-ids"
get "http://127.0.0.1:$port/" | grep -q '<title>Dateline' || fail "the installed server does not serve the page"
stop_server "$pid"
echo "fresh machine: passed" >&2
