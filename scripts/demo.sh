#!/usr/bin/env bash
# `make demo`: JupyterLab on demo.ipynb at 127.0.0.1:$PORT (default 8888), as root or as a
# user, without opening a browser; prints the URL to open once the server answers.
# Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8888}"
PY="${PY:-.venv/bin/python}"
TOKEN="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
URL="http://127.0.0.1:${PORT}/lab/tree/demo.ipynb?token=${TOKEN}"

args=(lab demo.ipynb --no-browser --ip=127.0.0.1 --port="$PORT" --ServerApp.port_retries=0
  --IdentityProvider.token="$TOKEN")
if [ "$(id -u)" -eq 0 ]; then args+=(--allow-root); fi

"$PY" -m jupyter "${args[@]}" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' INT TERM EXIT

for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "make demo: JupyterLab exited (is port $PORT in use? try: make demo PORT=8899)" >&2
    exit 1
  fi
  if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
    "http://127.0.0.1:${PORT}/api/status?token=${TOKEN}" 2>/dev/null; then
    printf '\n  vec2face demo ready: open\n\n    %s\n\n  (Ctrl+C stops the server)\n\n' "$URL"
    wait "$server"
    exit $?
  fi
  sleep 0.5
done
echo "make demo: JupyterLab did not answer on port $PORT within 2 minutes" >&2
exit 1
