#!/bin/sh
# Regenerates samples/models/<name>.json for every zoo model from the current zoo code.
# tst_zoo checks that the committed samples equal what the zoo builds, so run this after any
# change to core/zoo or to the JSON model format, and commit the result.
# Usage: tools/regen_samples.sh [BUILD_DIR]   (default: build-zoo next to this script's tree)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-zoo}
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja
fi
ninja -C "$build" cocco
mkdir -p "$root/samples/models"
"$build/app/cli/cocco" zoo export --all -o "$root/samples/models"
