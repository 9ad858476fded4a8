#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The curated clang-tidy checks of .clang-tidy on every source of lib/ (its headers and the
# public ones through HeaderFilterRegex); any warning fails. Configures its own build tree
# for the compile commands and the generated person lexicons.
# Usage: tests/tidy.sh   (BUILD_DIR=... to configure elsewhere; default build-tidy)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/tests/deps.sh"
veille_install_deps clang-tidy-14

build=${BUILD_DIR:-$root/build-tidy}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$build" --target veille_lexicon >/dev/null
run-clang-tidy-14 -p "$build" -quiet -j "$(nproc)" "$root/lib/.*\.cpp"
