#!/usr/bin/env bash
# Runs README.md's quick start verbatim, as a newcomer would, in a fresh clone of this repository:
# the first command block (install and run the service), then the "Try it" block in a second
# shell, and checks that a digest lands in the outbox. Used by CI after the test suite.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/paperboy-quickstart-XXXXXX)
# The service runs in its own process group, so that stopping it stops npm and node too.
trap 'kill -TERM -- "-${server_pid:-0}" 2>/dev/null || true; wait "${server_pid:-0}" 2>/dev/null || true' EXIT

git clone -q "$repo" "$work/paperboy"
cd "$work/paperboy"

# The README's code blocks, in order: [0] run the service, [1] run the tests, [2] try it.
blocks=$(node -e '
  const text = require("fs").readFileSync("README.md", "utf8");
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  process.stdout.write(JSON.stringify(blocks));
')
block() { node -e "process.stdout.write(JSON.parse(process.argv[1])[$1])" "$blocks"; }
run_cmd=$(block 0)
try_cmds=$(block 2)
echo "quickstart: running the service with: $run_cmd"

# A free port keeps the check from colliding with anything else on the machine.
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
export PORT=$port PUBLIC_URL=http://localhost:$port
setsid bash -c "$run_cmd" >"$work/serve.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.log"; echo "quickstart: the service exited"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log"; echo "quickstart: not healthy"; exit 1; }

echo "quickstart: trying it with:"; echo "$try_cmds"
bash -c "set -euo pipefail; $try_cmds"
eml=$(ls outbox/*.eml | head -n 1)
grep -qi "diffusion" "$eml" || { echo "quickstart: the digest in $eml does not mention the topic"; exit 1; }
echo "quickstart: ok, digest written to $eml"
