#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Indexing benchmark of veille against a plain Xapian baseline and peers (see bench/README.md).
#
# Usage: bench/run.sh [--corpus generated|littre] [--docs N] [--engines LIST] [--runs N]
#                     [--json FILE] [--search] [--threads N] [--budget-mb N]
#                     [--probe N] [--bin PATH] [--work DIR] [--no-install] [--keep]
#   engines: veille,veille-nopersons,xapian,fts5,lucenepp,lucene (default: all), and
#            veille-nohygiene (hygiene rules off), veille-nospelling (no word list for suggestions),
#            veille-shards (IndexOptions::shards = 2, or VEILLE_SHARDS: shards written in parallel),
#            veille-alerts (10,000 stored queries from the corpus, or VEILLE_ALERTS, matched at
#            indexing; with veille in the same run, the ratio of their times)
#   --docs   generated: number of documents (default 10000); littre: first N articles (0: all)
#   --search also measures search latency (p50/p95/p99) on the veille index
#   --probe  veille engines pause every N documents to time a fresh 10k-document index, the
#            reference for large runs on a machine whose speed drifts (bench/README.md)
# Each engine indexes the corpus --runs times (default 3, interleaved) in a fresh process; the
# median run by time is reported. Peers are installed from Debian when missing and run as root.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

corpus=generated docs="" engines=veille,veille-nopersons,xapian,fts5,lucenepp,lucene runs=3
json="" bin="" work="" install=1 search=0 keep=0 probe="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus=$2; shift 2 ;;
    --docs) docs=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --threads) extra+=(--threads "$2"); shift 2 ;;
    --budget-mb) extra+=(--budget-mb "$2"); shift 2 ;;
    --commit-every) extra+=(--commit-every "$2"); shift 2 ;;
    --no-install) install=0; shift ;;
    --search) search=1; shift ;;
    --probe) probe=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '3,14p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
work=${work:-$here/results/work}
mkdir -p "$work"
work=$(cd "$work" && pwd)

need_packages() {  # installs missing Debian packages when root; fails otherwise
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$install" -eq 1 ] && [ "$(id -u)" -eq 0 ]; then
    echo "installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "run.sh: missing Debian packages: ${missing[*]}" >&2
    return 1
  fi
}

# The driver: built with the project (cmake -DVEILLE_BUILD_BENCH=ON) unless given.
if [ -z "$bin" ]; then
  bin=$root/build/bench/veille-bench
  if [ ! -x "$bin" ]; then
    cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$root/build" -j2 --target veille-bench >/dev/null
  fi
fi

# Corpus, generated once per size and kept in the work directory (renamed into place when
# complete, so an interrupted generation is not taken for a corpus).
case "$corpus" in
  generated)
    docs=${docs:-10000}
    need_packages wfrench
    file=$work/news-$docs.tsv
    [ -s "$file" ] || { "$bin" gen-news --docs "$docs" --words /usr/share/dict/french \
        --out "$file.part" && mv "$file.part" "$file"; } ;;
  littre)
    docs=${docs:-0}
    need_packages stardict-xmlittre
    file=$work/littre-$docs.tsv
    [ -s "$file" ] || { "$bin" gen-littre --idx /usr/share/stardict/dic/XMLittre.idx \
        --dict /usr/share/stardict/dic/XMLittre.dict.dz --docs "$docs" --out "$file.part" &&
        mv "$file.part" "$file"; } ;;
  *) echo "run.sh: unknown corpus $corpus" >&2; exit 2 ;;
esac
probe_args=()
if [ -n "$probe" ]; then
  need_packages wfrench
  probe_file=$work/news-10000.tsv
  [ -s "$probe_file" ] || { "$bin" gen-news --docs 10000 --words /usr/share/dict/french \
      --out "$probe_file.part" && mv "$probe_file.part" "$probe_file"; }
  probe_args=(--probe-corpus "$probe_file" --probe-every "$probe")
fi

# Peers built or compiled at run time, against the Debian packages.
lucenepp_bin=$work/lucenepp-bench
build_lucenepp() {
  need_packages liblucene++-dev libboost-dev pkg-config || return 1
  [ -x "$lucenepp_bin" ] && [ "$lucenepp_bin" -nt "$here/lucenepp_bench.cpp" ] &&
    [ "$lucenepp_bin" -nt "$0" ] && return 0
  # The allocator of veille-bench too, when there is one (cmake/VeilleAllocator.cmake).
  g++ -std=c++20 -O2 -o "$lucenepp_bin" "$here/lucenepp_bench.cpp" "$here/corpus.cpp" \
      $(pkg-config --cflags --libs liblucene++ liblucene++-contrib) \
      $(pkg-config --libs jemalloc 2>/dev/null || true)
}
lucene_cp=""
build_lucene() {
  need_packages liblucene8-java default-jdk-headless || return 1
  local jars=/usr/share/java
  lucene_cp=$(ls $jars/lucene-core-8*.jar $jars/lucene-analyzers-common-8*.jar | tr '\n' ':')
  mkdir -p "$work/java"
  [ -f "$work/java/LuceneBench.class" ] && [ "$work/java/LuceneBench.class" -nt "$here/LuceneBench.java" ] && return 0
  javac -d "$work/java" -cp "$lucene_cp" "$here/LuceneBench.java"
}

run_engine() {  # engine db -> one JSON line
  local e=$1 db=$2
  case "$e" in
    veille|veille-nopersons|veille-nohygiene|veille-nospelling)
      "$bin" index --engine "$e" --corpus "$file" --db "$db" "${extra[@]}" "${probe_args[@]}" ;;
    veille-shards)
      "$bin" index --engine "$e" --corpus "$file" --db "$db" --shards "${VEILLE_SHARDS:-2}" \
        "${extra[@]}" "${probe_args[@]}" ;;
    veille-alerts)
      "$bin" index --engine "$e" --corpus "$file" --db "$db" --alerts "${VEILLE_ALERTS:-10000}" \
        "${extra[@]}" ;;
    xapian|fts5)
      "$bin" index --engine "$e" --corpus "$file" --db "$db" "${extra[@]}" ;;
    lucenepp) "$lucenepp_bin" --corpus "$file" --db "$db" ;;
    lucene) java -Xmx1g -cp "$lucene_cp$work/java" LuceneBench "$file" "$db" ;;
  esac
}

field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<<"$1"; }

results=()
IFS=, read -r -a list <<<"$engines"
active=()
for e in "${list[@]}"; do
  case "$e" in
    lucenepp) build_lucenepp || { echo "skipping lucenepp" >&2; continue; } ;;
    lucene) build_lucene || { echo "skipping lucene" >&2; continue; } ;;
    veille|veille-nopersons|veille-nohygiene|veille-nospelling|veille-shards|veille-alerts|xapian|fts5) ;;
    *) echo "run.sh: unknown engine $e" >&2; exit 2 ;;
  esac
  active+=("$e")
done
# Runs interleaved (every engine once, then again), so that a change in the machine's load
# hits every engine alike.
declare -A lines secs
for ((r = 1; r <= runs; r++)); do
  for e in "${active[@]}"; do
    out=$(run_engine "$e" "$work/db-$e") || { echo "run.sh: $e failed" >&2; exit 1; }
    echo "  $e run $r: $out" >&2
    secs[$e,$r]=$(field "$out" seconds)
    lines[$e]+="${secs[$e,$r]} $out"$'\n'
  done
done
for e in "${active[@]}"; do
  results+=("$(printf '%s' "${lines[$e]}" | sort -n | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2-)")
done

search_json="" shards_search_json=""
if [ "$search" -eq 1 ] && [ -d "$work/db-veille" ]; then
  search_json=$("$bin" search --db "$work/db-veille" --corpus "$file" --queries 300)
fi
if [ "$search" -eq 1 ] && [ -d "$work/db-veille-shards" ]; then
  shards_search_json=$("$bin" search --db "$work/db-veille-shards" --corpus "$file" --queries 300)
fi

# Table: ratios to the Xapian baseline's docs/s when it ran: of the median runs, and the
# median of each round's ratio (the runs next to each other in time, so that a drift of the
# machine's speed over the rounds cancels out).
base_s=""
for r in "${results[@]}"; do [ "$(field "$r" engine)" = xapian ] && base_s=$(field "$r" seconds); done
paired() {  # engine -> median over the rounds of the baseline's seconds / the engine's
  [ -n "$base_s" ] || { echo -; return; }
  for ((r = 1; r <= runs; r++)); do awk "BEGIN{print ${secs[xapian,$r]} / ${secs[$1,$r]}}"; done |
    sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
text_bytes=$(field "${results[0]}" bytes)
allocator=glibc
for r in "${results[@]}"; do [ -n "$(field "$r" allocator)" ] && allocator=$(field "$r" allocator); done
{
  printf 'corpus %s, %s docs, %.2f MB of text, median of %s run(s), %s, malloc: %s\n' "$corpus" \
    "$(field "${results[0]}" docs)" "$(awk "BEGIN{print $text_bytes/1e6}")" "$runs" "$(date -u +%FT%TZ)" \
    "$allocator"
  printf '| engine | docs/s | MB/s | x Xapian | x Xapian, paired | CPU s | peak RSS MB | index MB | compacted MB | compacted / text |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|\n'
  for r in "${results[@]}"; do
    awk -v e="$(field "$r" engine)" -v d="$(field "$r" docs)" -v b="$(field "$r" bytes)" \
        -v s="$(field "$r" seconds)" -v cpu="$(field "$r" cpu_seconds)" -v rss="$(field "$r" peak_rss_kb)" -v ib="$(field "$r" index_bytes)" \
        -v cb="$(field "$r" compact_bytes)" -v base="$base_s" -v paired="$(paired "$(field "$r" engine)")" 'BEGIN {
      ratio = base == "" ? "-" : sprintf("%.2f", base / s)
      if (cpu == "") cpu = "-"; else cpu = sprintf("%.1f", cpu)
      printf "| %s | %.0f | %.2f | %s | %s | %s | %.0f | %.1f | %.1f | %.2f |\n", e, d / s, b / 1e6 / s, ratio,
             paired, cpu, rss / 1024, ib / 1e6, cb / 1e6, cb / b }'
  done
  for r in "${results[@]}"; do
    [ -n "$(field "$r" against_probes)" ] || continue
    printf '\n%s: %.0f docs/s = %.2f x the median of its 10k probes (%s docs/s)\n' "$(field "$r" engine)" \
      "$(awk -v d="$(field "$r" docs)" -v s="$(field "$r" seconds)" 'BEGIN{print d / s}')" \
      "$(field "$r" against_probes)" "$(field "$r" probe_median_docs_per_s)"
    printf '  probes: %s\n  docs/s between probes: %s\n' "$(sed 's/.*"probe_docs_per_s":\(\[[^]]*\]\).*/\1/' <<<"$r")" \
      "$(sed 's/.*"chunk_docs_per_s":\(\[[^]]*\]\).*/\1/' <<<"$r")"
  done
  for r in "${results[@]}"; do
    [ -n "$(field "$r" alert_candidates)" ] || continue
    ratio="-"
    if [ -n "${secs[veille,1]:-}" ]; then  # per round, the runs side by side, then the median
      ratio=$(for ((k = 1; k <= runs; k++)); do awk "BEGIN{print ${secs[veille-alerts,$k]} / ${secs[veille,$k]}}"; done |
        sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    fi
    printf '\nveille-alerts: %s alerts, %s x the time of veille without them (paired median); candidates %s of the alert x article pairs, %s matches\n' \
      "$(field "$r" alerts)" "$ratio" "$(field "$r" candidate_ratio)" "$(field "$r" alert_matches)"
  done
  if [ -n "$search_json" ]; then
    printf '\nsearch latency on the veille index (ms): %s\n' "$search_json"
  fi
  if [ -n "$shards_search_json" ]; then
    printf '\nsearch latency on the veille-shards index (ms): %s\n' "$shards_search_json"
  fi
} | tee "$work/last-table.md"

if [ -n "$json" ]; then
  {
    printf '{"corpus":"%s","runs":%s,"date":"%s","engines":[' "$corpus" "$runs" "$(date -u +%FT%TZ)"
    (IFS=,; printf '%s' "${results[*]}")
    printf ']'
    if [ -n "$base_s" ]; then
      printf ',"x_xapian_paired":{'
      sep=""
      for e in "${active[@]}"; do printf '%s"%s":%s' "$sep" "$e" "$(paired "$e")"; sep=,; done
      printf '}'
    fi
    [ -n "$search_json" ] && printf ',"search":%s' "$search_json"
    printf '}\n'
  } >"$json"
fi
[ "$keep" -eq 1 ] || for e in "${list[@]}"; do rm -rf "$work/db-$e"; done
