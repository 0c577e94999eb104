#!/usr/bin/env bash
# TLS by reverse proxy (issue 27): Debian's nginx runs scripts/nginx/dateline.conf with a
# self-signed certificate in front of a real dateline-serve (--keys, --trust-real-ip), both on
# free loopback ports, and the test searches over HTTPS with the certificate verified.
# nginx runs in the foreground with its prefix, pid, logs and temp paths in a temp dir, so it
# needs no system configuration and touches none.
# Usage: test_nginx_tls.sh SOURCE_DIR INDEX_BIN SERVE_BIN
# Exit status: 0 all checks pass, 1 a check failed or a prerequisite (nginx, openssl, curl) is missing.
set -euo pipefail

[ $# -eq 3 ] || { sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1; }
source_dir=$1 index_bin=$2 serve_bin=$3
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$nginx_bin" openssl curl python3; do
  command -v "$tool" >/dev/null || { echo "test_nginx_tls: missing $tool (scripts/setup --test installs it)" >&2; exit 1; }
done

work=$(mktemp -d)
serve_pid="" nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done; exit 1; }
# nginx's workers may run as another user: they must reach the temp paths.
chmod 755 "$work"

"$index_bin" --quiet --db "$work/db" "$source_dir/data/sample"
key=$(openssl rand -base64 32)
printf '%s\n' "$key" | "$serve_bin" --hash-key --key-scopes search --key-name nginx-test > "$work/keys"

"$serve_bin" --db "$work/db" --port 0 --threads 2 --keys "$work/keys" --trust-real-ip \
  > "$work/serve.out" 2> "$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
serve_port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
[ -n "$serve_port" ] || fail "dateline-serve did not start"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/tls.key" -out "$work/tls.pem" 2> "$work/openssl.log" || fail "openssl could not make a certificate"

# A port free now; nginx fails loudly below if another process takes it first.
tls_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$tls_port ssl http2;|" \
    -e "/listen \[::\]:443/d" \
    -e "s|/etc/ssl/certs/dateline.pem|$work/tls.pem|" \
    -e "s|/etc/ssl/private/dateline.key|$work/tls.key|" \
    -e "s|/var/log/nginx/dateline.access.log|$work/access.log|" \
    -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$serve_port;|" \
    "$source_dir/scripts/nginx/dateline.conf" > "$work/dateline.conf"
grep -q "listen 127.0.0.1:$tls_port ssl" "$work/dateline.conf" && grep -q "127.0.0.1:$serve_port" "$work/dateline.conf" \
  || fail "scripts/nginx/dateline.conf no longer has the lines this test replaces"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.log;
events { worker_connections 64; }
http {
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/dateline.conf;
}
CONF
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -e "$work/nginx.log" -t >> "$work/nginx.log" 2>&1 || fail "nginx -t refused the configuration"
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -e "$work/nginx.log" &
nginx_pid=$!

https() { curl --silent --show-error --cacert "$work/tls.pem" --max-time 10 "$@"; }
for _ in $(seq 100); do https -o /dev/null "https://localhost:$tls_port/api/health" 2>/dev/null && break; sleep 0.1; done

status=$(https -o "$work/unauthorized.json" -D "$work/unauthorized.headers" -w '%{http_code}' "https://localhost:$tls_port/api/search?q=talks")
[ "$status" = 401 ] || fail "a search without a key over HTTPS: status $status, expected 401"
grep -qi '^WWW-Authenticate: Bearer realm="dateline"' "$work/unauthorized.headers" || fail "no WWW-Authenticate through nginx"
grep -qi '^Strict-Transport-Security:' "$work/unauthorized.headers" || fail "no HSTS header from nginx"

https -H "Authorization: Bearer $key" "https://localhost:$tls_port/api/search?q=talks&size=3" > "$work/tls.json" \
  || fail "the search over HTTPS failed"
curl --silent -H "Authorization: Bearer $key" "http://127.0.0.1:$serve_port/api/search?q=talks&size=3" > "$work/direct.json"
python3 - "$work/tls.json" "$work/direct.json" <<'PY' || fail "the HTTPS answer differs from dateline-serve's own"
import json, sys
tls, direct = (json.load(open(path)) for path in sys.argv[1:3])
for answer in (tls, direct):
    answer.pop("took_ms")
assert tls["total"] > 0, tls
assert tls == direct, (tls, direct)
PY
# The certificate is checked: a client that does not trust it is refused.
if curl --silent --max-time 10 -o /dev/null "https://localhost:$tls_port/api/health" 2>/dev/null; then
  fail "curl accepted the self-signed certificate without --cacert"
fi
https --http1.1 -o /dev/null -w '%{http_version}' "https://localhost:$tls_port/" | grep -q '^1.1$' || fail "the page over HTTPS"

# Keys reach neither nginx's log nor dateline-serve's.
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
grep -q 'GET /api/search?q=talks&size=3 200' "$work/serve.log" || fail "dateline-serve did not log the proxied search"
grep -q "GET /api/search?q=talks&size=3" "$work/access.log" || fail "nginx did not log the search"
if grep -qF -- "$key" "$work/serve.log" "$work/access.log" "$work/nginx.log"; then fail "a key reached a log"; fi
echo "ok: HTTPS through nginx on 127.0.0.1:$tls_port to dateline-serve on 127.0.0.1:$serve_port"
