#!/usr/bin/env bash
# Renders the application icon's PNG sizes from resources/icons/cocco-workbench.svg into
# resources/icons/hicolor/SIZExSIZE/apps/ (committed; run again after editing the SVG).
# Needs rsvg-convert (Debian package librsvg2-bin, installed by tools/bootstrap.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
svg=$root/resources/icons/cocco-workbench.svg
for size in 16 22 24 32 48 64 128 256 512; do
  dir=$root/resources/icons/hicolor/${size}x${size}/apps
  mkdir -p "$dir"
  rsvg-convert -w "$size" -h "$size" "$svg" -o "$dir/cocco-workbench.png"
done
echo "rendered $(ls "$root"/resources/icons/hicolor | wc -l) sizes into resources/icons/hicolor"
