#!/usr/bin/env bash
# Issue 15: the installed program and its Debian package, checked on an existing build tree (it
# never rebuilds): `cmake --install` into a temporary prefix, the installed binaries run from there
# (samples found next to them, --help/--version without a display), desktop entry, metainfo, MIME
# XML and man pages validated; then `cpack -G DEB` and the package checked with dpkg-deb.
#   bash tests/install/check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cmake --install into a temporary prefix"
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
gui=0
[ -x "$build/app/gui/cocco-workbench" ] && gui=1
expected=(bin/cocco share/cocco/samples/hw/default.json share/cocco/samples/models/resnet50.json
          share/bash-completion/completions/cocco share/man/man1/cocco.1.gz
          share/doc/cocco-workbench/README.md share/doc/cocco-workbench/copyright
          share/doc/cocco-workbench/docs/install.md share/doc/cocco-workbench/docs/screenshots/main_window.png)
if [ $gui = 1 ]; then
  expected+=(bin/cocco-workbench share/applications/cocco-workbench.desktop
             share/metainfo/io.github.cocco_workbench.metainfo.xml share/mime/packages/cocco-workbench.xml
             share/icons/hicolor/scalable/apps/cocco-workbench.svg share/man/man1/cocco-workbench.1.gz)
  for s in 16 22 24 32 48 64 128 256 512; do expected+=(share/icons/hicolor/${s}x$s/apps/cocco-workbench.png); done
fi
for f in "${expected[@]}"; do [ -e "$prefix/$f" ] || fail "not installed: $f"; done
for f in $(cd "$src" && ls samples/hw/*.json samples/models/*.json); do
  cmp -s "$src/$f" "$prefix/share/cocco/$f" || fail "sample differs or missing: $f"
done

step "the installed cocco"
cocco=$prefix/bin/cocco
version=$("$cocco" --version)
[[ $version =~ ^cocco\ ([0-9]+\.[0-9]+\.[0-9]+) ]] || fail "cocco --version printed '$version'"
number=${BASH_REMATCH[1]}
# The generated version header carries project()'s version (core/model/CMakeLists.txt).
grep -q "COCCO_VERSION \"$number\"" "$build/generated/cocco_version_generated.h" || fail "version $number is not project()'s"
# Outside the source tree and with the source tree present, it uses its own samples.
[ "$(cd "$tmp" && "$cocco" samples --dir)" = "$prefix/share/cocco/samples" ] || fail "cocco samples --dir: $("$cocco" samples --dir)"
(cd "$tmp" && "$cocco" evaluate zoo:resnet18 --hw separate_s --whole) | grep -q "512.0 KiB" || fail "--hw separate_s not found"
[ "$("$cocco" zoo list | wc -l)" -gt 5 ] || fail "cocco zoo list"

if [ $gui = 1 ]; then
  step "the installed cocco-workbench: --help and --version without a display"
  wb=$prefix/bin/cocco-workbench
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$wb" --version) || fail "cocco-workbench --version"
  [[ $out == "Cocco Workbench $number"* ]] || fail "cocco-workbench --version printed '$out'"
  env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$wb" --help | grep -q -- "--export-figures" || fail "cocco-workbench --help"

  step "desktop entry, metainfo, MIME types"
  desktop-file-validate "$prefix/share/applications/cocco-workbench.desktop"
  appstreamcli validate --no-net --pedantic "$prefix/share/metainfo/io.github.cocco_workbench.metainfo.xml"
  grep -m1 "<release " "$prefix/share/metainfo/io.github.cocco_workbench.metainfo.xml" | grep -q "version=\"$number\"" ||
    fail "the metainfo's newest release is not $number"
  # Every MIME type the desktop entry claims is declared in the MIME XML or by shared-mime-info.
  mime=$tmp/mime
  mkdir -p "$mime/packages"
  cp "$prefix/share/mime/packages/cocco-workbench.xml" "$mime/packages/"
  update-mime-database "$mime" >/dev/null 2>&1 || fail "update-mime-database rejects the MIME XML"
  claims=$(sed -n 's/^MimeType=//p' "$prefix/share/applications/cocco-workbench.desktop" | tr ';' '\n')
  for t in $claims; do
    [ -e "$mime/$t.xml" ] || grep -q "type=\"$t\"" /usr/share/mime/packages/freedesktop.org.xml ||
      fail "MIME type $t is not declared"
  done
fi

step "man pages describe every command and option"
zcat "$prefix/share/man/man1/cocco.1.gz" >"$tmp/cocco.1"
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$tmp/cocco.1" 2>&1) || true
  [ -z "$warnings" ] || fail "groff: $warnings"
fi
grep -q "Cocco Workbench $number" "$tmp/cocco.1" || fail "cocco.1 does not carry version $number"
# shellcheck source=../../resources/completion/cocco.bash
source "$prefix/share/bash-completion/completions/cocco"
for cmd in $(_cocco_commands "$cocco"); do
  grep -q "^\.[BT].*\b$cmd\b\|^\.BI \"$cmd \|^\.BR \"$cmd " "$tmp/cocco.1" || fail "cocco.1 does not describe '$cmd'"
  for opt in $(_cocco_options "$cocco" "$cmd"); do
    grep -qF -- "${opt//-/\\-}" "$tmp/cocco.1" || fail "cocco.1 does not describe '$cmd $opt'"
  done
done
if [ $gui = 1 ]; then
  zcat "$prefix/share/man/man1/cocco-workbench.1.gz" >"$tmp/cocco-workbench.1"
  for opt in $(env -u DISPLAY -u QT_QPA_PLATFORM "$wb" --help | grep -oE '^  (-[a-z?], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
    grep -qF -- "${opt//-/\\-}" "$tmp/cocco-workbench.1" || fail "cocco-workbench.1 does not describe $opt"
  done
fi

step "cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$tmp/package" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack"; }
deb=$(ls "$tmp"/package/cocco-workbench_"$number"_*.deb)
info=$(dpkg-deb --info "$deb")
echo "$info" | grep -q "Package: cocco-workbench" || fail "package name"
echo "$info" | grep -q "Version: $number" || fail "package version"
depends=$(echo "$info" | sed -n 's/^ Depends: //p')
for lib in libc6 libstdc++6 libprotobuf; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib (dpkg-shlibdeps): $depends"
done
if [ $gui = 1 ]; then
  for lib in libqt6widgets6 libqcustomplot libgvc6; do
    [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib (dpkg-shlibdeps): $depends"
  done
fi
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for f in "${expected[@]}"; do
  grep -qx "/usr/$f" <<<"$contents" || fail "the package lacks /usr/$f"
done
outside=$(grep -v '^/usr/' <<<"$contents" | grep -v '^/$' || true)
[ -z "$outside" ] || fail "the package installs outside /usr: $outside"
# Stripped binaries (the build tree's keep their debug info).
file -L "$(dpkg-deb -x "$deb" "$tmp/unpacked" && echo "$tmp/unpacked/usr/bin/cocco")" | grep -q "stripped" &&
  ! file -L "$tmp/unpacked/usr/bin/cocco" | grep -q "not stripped" || fail "/usr/bin/cocco is not stripped"
echo "package: $(basename "$deb"), $(du -h "$deb" | cut -f1), Depends: $depends"
echo "ok"
