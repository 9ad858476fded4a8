#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The demo: installs what is missing (Debian 12), builds the veille command (a second run
# reuses the build), indexes the demo corpus of examples/data/ with a progress bar, and runs
# three searches with facets: a word, a person, and a drill-down from years to months.
# Usage: examples/demo.sh   (BUILD_DIR=... to build elsewhere; NO_COLOR=1 for no bold)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/tests/deps.sh"
veille_install_deps

build=${BUILD_DIR:-$root/build}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
echo "== building the veille command in $build (a second run only rebuilds what changed)"
if ! cmake --build "$build" --target veille_cli -j"$(nproc)" >"$build/demo-build.log" 2>&1; then
  tail -n 30 "$build/demo-build.log" >&2
  echo "demo: the build failed; the whole log is in $build/demo-build.log" >&2
  exit 1
fi
veille=$build/examples/veille/veille
[ -x "$veille" ] || { echo "demo: the veille command was not built" >&2; exit 1; }

# Paths relative to the source tree read better in the commands shown.
cd "$root"
db=${build#"$root"/}/demo-db
data=examples/data
rm -rf "$db"

dim=; plain=
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then dim=$'\033[2m'; plain=$'\033[0m'; fi
show() {  # prints a command as one would type it, then runs it
  local arg line="$ veille"
  for arg; do
    case $arg in
      *[[:space:]\"\'*]*) line+=" '${arg//\'/\'\\\'\'}'" ;;
      *) line+=" $arg" ;;
    esac
  done
  printf '\n%s%s%s\n' "$dim" "$line" "$plain"
  "$veille" "$@"
}

echo "== indexing the demo corpus (examples/data: $(cat "$data"/depeches/*.jsonl | wc -l) JSON Lines records, $(find "$data/articles" -type f | wc -l) text files)"
# The corpus holds one article with an impossible date (2023-02-30): it is indexed without a
# date and reported as a warning. Exit code 1 would mean a record was skipped.
show index --db "$db" --aliases "$data/personnes.alias" "$data/depeches" "$data/articles" ||
  [ $? -eq 1 ]

echo
echo "== 1. a word, with the default facets (source, year, person)"
show search --db "$db" --limit 3 festival

echo
echo "== 2. a person, in any of the forms the articles use"
show search --db "$db" --limit 3 --facet source --facet date 'person:"Claire Vasseur"'

echo
echo "== 3. drill-down: articles of 2024 and their months"
show search --db "$db" --limit 3 --facet date:year --facet date:month:2024 date:2024

echo
show stats --db "$db"
