#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (run as root, or with sudo available):
#   bash tools/bootstrap.sh run    install what is missing, build, open the workbench on ResNet-50
#   bash tools/bootstrap.sh test   install what is missing, build, run the whole test suite
#   bash tools/bootstrap.sh package  install what is missing, build, make the Debian package
#                                  (BUILD_DIR/cocco-workbench_VERSION_ARCH.deb, see docs/install.md)
# Environment: BUILD_DIR (default build), BUILD_TYPE (default RelWithDebInfo), COCCO_SANITIZE=ON
# for an ASan+UBSan build, JOBS (default: number of cores), NOQT_TESTS=OFF to leave out the second
# step of `test` (the core, the CLI and the core tests built and run without Qt, in BUILD_DIR-noqt).
set -euo pipefail

mode=${1:-}
case "$mode" in
  run|test|build|package) ;;
  *) echo "usage: bash tools/bootstrap.sh run|test|build|package" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
build_type=${BUILD_TYPE:-RelWithDebInfo}
sanitize=${COCCO_SANITIZE:-OFF}
jobs=${JOBS:-$(nproc)}
noqt_tests=${NOQT_TESTS:-ON}
# Paths relative to the checkout in ccache's hashes: the no-Qt tree of `test` compiles the same core
# sources with the same flags as the main tree, so its core objects come from the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

packages=(build-essential cmake ninja-build pkg-config ccache
          qt6-base-dev qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6 nlohmann-json3-dev
          libonnx-dev libprotobuf-dev protobuf-compiler libgraphviz-dev libgl-dev
          libsqlite3-dev libopenmpi-dev openmpi-bin libglpk-dev desktop-file-utils appstream libonnx-testdata
          dpkg-dev file librsvg2-bin shared-mime-info
          xvfb xauth x11-apps imagemagick fonts-dejavu-core)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "== configuring ($build_type, sanitize=$sanitize) in $build_dir"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DCOCCO_SANITIZE="$sanitize" >/dev/null
echo "== building with $jobs jobs"
cmake --build "$build_dir" -j "$jobs"

case "$mode" in
  build) ;;
  package)
    echo "== making the Debian package"
    cd "$build_dir"
    cpack -G DEB
    ;;
  test)
    echo "== running the test suite"
    (cd "$build_dir" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs" --timeout 1500)
    if [ "$noqt_tests" != OFF ]; then
      # Issue 11: the core, the CLI and the core tests build with no Qt at all (Qt hidden from
      # CMake; the tests against tests/support/noqt) and pass.
      noqt_dir=$build_dir-noqt
      echo "== the core, the CLI and the core tests without Qt, in $noqt_dir"
      cmake -S "$root" -B "$noqt_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DCOCCO_SANITIZE="$sanitize" \
            -DCOCCO_BUILD_GUI=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON >/dev/null
      cmake --build "$noqt_dir" -j "$jobs"
      if ldd "$noqt_dir"/app/cli/cocco "$noqt_dir"/tests/tst_* | grep -i 'libQt'; then
        echo "the no-Qt build links Qt" >&2
        exit 1
      fi
      (cd "$noqt_dir" && ctest --output-on-failure -j "$jobs" --timeout 1500)
    fi
    ;;
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display found (DISPLAY is not set). Start the workbench from a desktop session with:" >&2
      echo "  $build_dir/app/gui/cocco-workbench --model zoo:resnet50" >&2
      echo "or try it headless: xvfb-run -a $build_dir/app/gui/cocco-workbench --model zoo:resnet50" >&2
      exit 1
    fi
    exec "$build_dir/app/gui/cocco-workbench" --model zoo:resnet50
    ;;
esac
