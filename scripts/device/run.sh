#!/usr/bin/env bash
# Runs the real-GPU check on the lent GPU machine (no Node, no network), from the repository root,
# with .device/ (made by `node scripts/device/prepare.mjs`) and, where the machine lacks a Vulkan
# loader, .gl/ (libvulkan1 and friends as .deb files) carried. Writes $OUT/gpu-check.md.
set -u
cd "$(dirname "$0")/../.."
OUT="${OUT:-$PWD/out}"
mkdir -p "$OUT"
if [ -d .gl ]; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$ICD" ]; then export VK_DRIVER_FILES="$ICD"; fi
# Unpacked outside the repository, so .device/ stays as prepare.mjs left it (and within the carry limit).
BIN=/tmp/tfjs-noise-device
W="$BIN/node_modules/webgpu"
rm -rf "$BIN"
mkdir -p "$W/dist/linux-x64"
xz -dc .device/node.xz > "$BIN/node" && chmod +x "$BIN/node"
cp .device/gpu-check.mjs "$BIN/"
cp .device/node_modules/webgpu/package.json .device/node_modules/webgpu/index.js "$W/"
xz -dc .device/node_modules/webgpu/dist/linux-x64/dawn.node.xz > "$W/dist/linux-x64/dawn.node"
{
  echo "uname: $(uname -a)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  ldconfig -p | grep -c libvulkan | sed 's/^/libvulkan entries: /'
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
} 2>&1 | tee "$OUT/gpu-check-env.txt"
timeout 240 "$BIN/node" "$BIN/gpu-check.mjs" "$OUT/gpu-check.md" 2>&1 | tee "$OUT/gpu-check.log"
status=${PIPESTATUS[0]}
echo "gpu-check exit status: $status" | tee -a "$OUT/gpu-check.log"
# Optionally the whole bench:speed on webgpu: SPEED_ARGS="--models mlp --quick --rounds 9" bash run.sh
if [ -n "${SPEED_ARGS:-}" ]; then
  cp .device/speed.mjs "$BIN/"
  mkdir -p "$BIN/node_modules/@tensorflow" && cp -r .device/node_modules/@tensorflow/tfjs-backend-webgpu "$BIN/node_modules/@tensorflow/"
  # shellcheck disable=SC2086
  (cd "$BIN" && timeout 300 ./node --expose-gc speed.mjs --backends webgpu $SPEED_ARGS --out "$OUT") 2>&1 | grep -v '^I0000' >"$OUT/speed-log.txt"
  echo "bench:speed exit status: ${PIPESTATUS[0]} (tables in $OUT/speed.md)"
fi
exit "$status"
