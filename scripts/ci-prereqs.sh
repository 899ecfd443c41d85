#!/usr/bin/env bash
# What the backend lanes need beyond `pnpm install`, for .ci/run (after the install, before the
# tests): Chromium (the browser lanes; its SwiftShader Vulkan driver also serves webgpu-node) and
# the tfjs-node route (the tensorflow lane). Quiet: one line each, details in out/ci-prereqs.log.
# Never fails the run itself: what cannot be installed makes its lanes say "skipped: <why>".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
log=out/ci-prereqs.log
: >"$log"

if [ -x /usr/bin/chromium ]; then
  echo "ci-prereqs: chromium $(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n 1) present"
elif [ "$(id -u)" != 0 ]; then
  echo "ci-prereqs: /usr/bin/chromium missing and not root (apt-get needs root): the browser and webgpu-node lanes will be skipped"
elif { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >>"$log" 2>&1; then
  echo "ci-prereqs: chromium installed ($(/usr/bin/chromium --version 2>/dev/null))"
else
  echo "ci-prereqs: apt-get install chromium failed (see $log): the browser and webgpu-node lanes will be skipped"
fi

node scripts/install-tfjs-node.mjs
