#!/usr/bin/env bash
# Builds the NPU simulator (a test instrument) into OUTDIR/lib and copies the simulated model
# files into OUTDIR/models. Usage: native/build.sh OUTDIR   (CC overrides gcc)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
cc="${CC:-gcc}"
flags=(-std=c11 -Wall -Wextra -Werror -O2 -fPIC -pthread -shared -I "$here/include")
mkdir -p "$out/lib" "$out/models"
"$cc" "${flags[@]}" -o "$out/lib/librknnrt.so" "$here/sim/rknn_sim.c" "$here/sim/sim_common.c"
echo "built $out/lib/librknnrt.so (SIMULATED)"
"$cc" "${flags[@]}" -o "$out/lib/librkllmrt.so" "$here/sim/rkllm_sim.c" "$here/sim/sim_common.c"
echo "built $out/lib/librkllmrt.so (SIMULATED)"
cp "$here/../models/sim/"* "$out/models/"
