#!/usr/bin/env bash
# Builds the NPU simulator, a test instrument standing in for Rockchip's runtimes, into
# OUTDIR/lib (librknnrt.so, librkllmrt.so with the RKLLM 1.3.x ABI), OUTDIR/lib-1.2 (the same
# librknnrt.so, librkllmrt.so with the RKLLM 1.2.x ABI) and copies the simulated model files into
# OUTDIR/models.
#
# Usage: native/build.sh OUTDIR        (the CC environment variable overrides gcc)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
cc="${CC:-gcc}"

# -z defs: an undefined symbol fails the build here, not at dlopen time in a test.
flags=(-std=c11 -Wall -Wextra -Werror -O2 -fPIC -pthread -shared -Wl,-z,defs -I "$here/include")
common=("$here/sim/sim_common.c")

mkdir -p "$out/lib" "$out/lib-1.2" "$out/models"

"$cc" "${flags[@]}" -Wl,-soname,librknnrt.so -o "$out/lib/librknnrt.so" "$here/sim/rknn_sim.c" "${common[@]}"
echo "built $out/lib/librknnrt.so (SIMULATED RKNN runtime, not a real NPU)"

"$cc" "${flags[@]}" -Wl,-soname,librkllmrt.so -o "$out/lib/librkllmrt.so" "$here/sim/rkllm_sim.c" "${common[@]}"
echo "built $out/lib/librkllmrt.so (SIMULATED RKLLM 1.3.x runtime, not a real NPU)"

"$cc" "${flags[@]}" -DBM_RKLLM_ABI_12 -Wl,-soname,librkllmrt.so -o "$out/lib-1.2/librkllmrt.so" \
    "$here/sim/rkllm_sim.c" "${common[@]}"
# copied beside, then renamed: a process that has the old file loaded keeps its pages (cp would
# rewrite them under it)
cp "$out/lib/librknnrt.so" "$out/lib-1.2/.librknnrt.so.new" && mv -f "$out/lib-1.2/.librknnrt.so.new" "$out/lib-1.2/librknnrt.so"
echo "built $out/lib-1.2/librkllmrt.so (SIMULATED RKLLM 1.2.x runtime, not a real NPU)"

cp "$here/../models/sim/"* "$out/models/"
