#!/usr/bin/env bash
# Reproduces every figure of issue 7 (benchmarks and load figures) in Release and writes
# tests/FibreCafe.Benchmarks/results/summary.md. About 15-18 minutes on a 2-core machine (up to 6 more when it
# waits for a busy machine to calm down), and 12-15 more for section 5 (issue 19: a full store, PostgreSQL). BenchmarkDotNet runs a shortened job (2 launches x 5 warm-up + 15
# measured iterations per benchmark) instead of its adaptive default, to stay within that time.
#
#   bash tests/FibreCafe.Benchmarks/run.sh            # everything
#   bash tests/FibreCafe.Benchmarks/run.sh --quick    # shorter jobs, for a smoke test of the script
#   bash tests/FibreCafe.Benchmarks/run.sh --soak [--soak-minutes N]
#                                    # ONLY the soak (issue 19): 500 KCI/s for 60 (or N) minutes against the sample
#                                    # receiver; writes results/soak*.{md,tsv,png} and keeps the other results
#   bash tests/FibreCafe.Benchmarks/run.sh --only 5   # only the listed sections (e.g. 3,5), keeping the others' results
#
# Every load targets 127.0.0.1 only and is bounded in count and time. Timings on a shared machine are noisy:
# this script is not part of .ci/run's pass or fail.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=false
# --- issue 19: options of the soak (growth-soak) ---
soak=false
soak_minutes=60
only="" # --only N[,M]: run only those sections; the other sections' results stay
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --soak) soak=true ;;
    --soak-minutes) soak=true; soak_minutes="${2:?--soak-minutes needs a number}"; shift ;;
    --only) only="${2:?--only needs section numbers, e.g. 3,5}"; shift ;;
    *) echo "unknown option '$1' (--quick, --soak, --soak-minutes N, --only N[,M])" >&2; exit 2 ;;
  esac
  shift
done
# --- end issue 19: options of the soak ---
want() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

results="$here/results"

# --- issue 19, part 3: run.sh --soak runs the soak alone and leaves the other results as they are ---
if $soak; then
  mkdir -p "$results"
  echo "== build (Release): the benchmarks and the sample receiver"
  dotnet build "$here/FibreCafe.Benchmarks.csproj" -c Release -nologo -v quiet
  dotnet build "$here/../../samples/FibreCafe.Samples.KciReceiver/FibreCafe.Samples.KciReceiver.csproj" -c Release -nologo -v quiet
  rm -f "$results"/soak.* "$results/soak-summary.md" "$results/soak-goals.tsv"
  run="$(mktemp -d)" # the soak's own goals.tsv, apart from the last normal run's
  soak_started=$(date -u +%s)
  soak_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== soak: 500 KCI/s for $soak_minutes min against the sample receiver, done KCIs kept 5 min"
  "$here/bin/Release/net10.0/FibreCafe.Benchmarks" soak --results "$run" --minutes "$soak_minutes" --rate 500 --retention-minutes 5 \
    | tee "$results/soak.log"
  cp "$run/soak.md" "$run/soak.tsv" "$run/soak.png" "$results/"
  cp "$run/goals.tsv" "$results/soak-goals.tsv"
  rm -rf "$run"
  soak_finished=$(date -u +%s)
  {
    echo "# Soak: an hour of traffic (issue 19, part 3)"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); run time $(( (soak_finished - soak_started) / 60 )) min $(( (soak_finished - soak_started) % 60 )) s"
    echo "- Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(free -h | awk '/^Mem:/ {print $2}') memory, $(uname -sr)"
    echo "- .NET: SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
    echo "- Load average before / after: $soak_load_before / $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: expect noise)"
    echo "- Reproduce: \`bash tests/FibreCafe.Benchmarks/run.sh --soak\` (\`--soak-minutes N\` to shorten; every load on 127.0.0.1)"
    echo
    echo "## Goals"
    echo
    echo "| goal | target | measured | result |"
    echo "|---|---|---|---|"
    awk -F'\t' '{ printf "| %s | %s | %s | **%s** |\n", $1, $2, $3, $4 }' "$results/soak-goals.tsv"
    echo
    cat "$results/soak.md"
  } > "$results/soak-summary.md"
  echo
  echo "== wrote $results/soak-summary.md"
  exit 0
fi

# The last soak's files (an hour to make) are not this run's to wipe: keep them across the clean start.
kept="$(mktemp -d)"
cp -p "$results"/soak.* "$results/soak-summary.md" "$results/soak-goals.tsv" "$kept/" 2>/dev/null || true
# --- end issue 19, part 3 ---
[ -n "$only" ] || rm -rf "$results" # --only keeps the other sections' results
mkdir -p "$results"
cp -p "$kept"/* "$results/" 2>/dev/null || true # issue 19: the last soak's files back
# --only: the full run's summary and goal tables stay as they are; this run's go to summary-only-N-M.md and friends.
if [ -n "$only" ]; then
  full="$(mktemp -d)"
  for f in summary.md goals.tsv diagnostics.tsv load.tsv; do [ ! -e "$results/$f" ] || mv "$results/$f" "$full/"; done
fi
rm -rf "$kept"
started=$(date -u +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The machine is shared: before each section wait (at most 60 s) for the 1-minute load average to drop
# below 1.5, and record what it was, so that a noisy section can be recognised in the summary.
loads="$results/load.tsv"
wait_for_quiet() {
  local section="$1" waited=0
  while awk '{ exit !($1 >= 1.5) }' /proc/loadavg && [ "$waited" -lt 60 ]; do
    sleep 10
    waited=$((waited + 10))
  done
  printf '%s\t%s\t%s\n' "$section" "$(cut -d' ' -f1 /proc/loadavg)" "$waited" >> "$loads"
}

echo "== build (Release)"
dotnet build "$here/FibreCafe.Benchmarks.csproj" -c Release -nologo -v quiet
bench="$here/bin/Release/net10.0/FibreCafe.Benchmarks"

if $quick; then
  client_args=(--iterations 5)
  paired_args=(--rounds 10)
  token_args=(--rounds 2)
  receiver_args=(--seconds 5 --slice-seconds 2 --rounds 2 --drain-seconds 10)
  growth_args=(--sizes 0,100000 --seconds 4 --claims 300)
  pg_receiver_args=(--seconds 3 --slice-seconds 2 --rounds 2 --drain-seconds 10)
else
  client_args=(--launches 2 --iterations 15)
  paired_args=(--rounds 60)
  token_args=(--rounds 5)
  receiver_args=(--seconds 10 --slice-seconds 4 --rounds 3 --drain-seconds 30)
  growth_args=(--sizes 0,100000,1000000,3000000 --seconds 8 --claims 2000 --claim-seconds 30)
  pg_receiver_args=(--seconds 10 --slice-seconds 4 --rounds 3 --drain-seconds 30)
fi

if want 1; then
echo "== 1. client overhead (BenchmarkDotNet)"
wait_for_quiet "1. client (BenchmarkDotNet)"
"$bench" client --results "$results" "${client_args[@]}" | tee "$results/client.log" | grep -E '^\|| b/a | b − a |^- ' || true
echo "== 1b. paired, interleaved check of the time ratio"
wait_for_quiet "1b. client (paired check)"
"$bench" client-paired --results "$results" "${paired_args[@]}" | tee "$results/client-paired.log" | grep -E '^\| (wall|client)' || true
echo "== 1c. allocation profile of the client (sampled by type)"
"$bench" alloc-profile --results "$results" --calls 20000 > "$results/alloc-profile.log"
fi
if want 2; then
echo "== 2. token single flight"
wait_for_quiet "2. token single flight"
"$bench" token --results "$results" "${token_args[@]}" | tee "$results/token.log" | grep -E '^(cold|expired)' || true
fi
if want 3; then
echo "== 3. KCI receiver load: SQLite store (the product)"
wait_for_quiet "3. receiver, SQLite"
"$bench" receiver --results "$results" "${receiver_args[@]}" | tee "$results/receiver.log" | grep -E '^(no-op|/kcis|receiver| +backlog)' || true
echo "== 3b. same load, in-memory inbox (profiling: everything but SQLite)"
wait_for_quiet "3b. receiver, in-memory inbox"
"$bench" receiver --results "$results" --store memory --label in-memory-inbox "${receiver_args[@]}" \
  | tee "$results/receiver-in-memory-inbox.log" | grep -E '^(no-op|/kcis|receiver)' || true
echo "== 3c. same load, Dispatch:MaxConcurrency 32 (a dispatcher that keeps up with the intake)"
wait_for_quiet "3c. receiver, SQLite, dispatch concurrency 32"
"$bench" receiver --results "$results" --dispatch-concurrency 32 --label dispatch-concurrency-32 "${receiver_args[@]}" \
  | tee "$results/receiver-dispatch-concurrency-32.log" | grep -E '^(no-op|/kcis|receiver| +backlog)' || true
echo "== 3d. the SQLite store alone: cost per durable KCI by commit size"
wait_for_quiet "3d. SQLite store alone"
"$bench" store --results "$results" $($quick && echo --kcis 2000) | tee "$results/store.log" || true
echo "== 3e. same load, dispatcher off (the intake alone: what the dispatcher's work during the slices costs)"
wait_for_quiet "3e. receiver, SQLite, dispatcher off"
"$bench" receiver --results "$results" --no-dispatch --label dispatcher-off "${receiver_args[@]}" \
  | tee "$results/receiver-dispatcher-off.log" | grep -E '^(no-op|/kcis|receiver)' || true
fi
if want 4; then
echo "== 4. durable cancellation requests: submissions vs KCI intake (SQLite, PostgreSQL), sends, delay (issue 15)"
wait_for_quiet "4. cancellation requests"
"$bench" requests --results "$results" $($quick && echo --seconds 2 --sends 500 --rate-seconds 5) | tee "$results/requests.log" | grep -E '^(SQLite|PostgreSQL|sends|delay)' || true

fi

# -- growth (issue 19, parts 1 and 2): a full store, and the receiver on a durable PostgreSQL. About 12-15 minutes. --
if want 5; then
echo "== 5. growth: a full store (SQLite, PostgreSQL)"
wait_for_quiet "5. growth: a full store"
"$bench" growth --results "$results" "${growth_args[@]}" | tee "$results/growth.log" | grep -E '^(== |   (seeded|size|intake|claims|SEEDING))|^- \*\*' || true
echo "== 5b. the receiver on PostgreSQL"
wait_for_quiet "5b. the receiver on PostgreSQL"
"$bench" pg-receiver --results "$results" "${pg_receiver_args[@]}" | tee "$results/growth-postgres.log" | grep -E '^- \*\*' || true
fi
# -- end growth --

# --- issue 19, part 4: the client under concurrency (about 3 minutes; --quick under 1) ---
if $quick; then
  concurrency_args=(--seconds 2 --rounds 2)
else
  concurrency_args=(--seconds 5 --rounds 4)
fi
if want 6; then
echo "== 6. the client under concurrency"
wait_for_quiet "6. client under concurrency"
"$bench" client-concurrency --results "$results" --levels 1,16,64,256 "${concurrency_args[@]}" \
  | tee "$results/client-concurrency.log" | grep -E '^level' || true
fi
# --- end issue 19, part 4 ---

# --only: the sections not run have no files; the summary shows what there is.
if [ -n "$only" ]; then
  touch "$results/goals.tsv" "$results/diagnostics.tsv" "$loads"
  cat() { local f; for f in "$@"; do [ ! -e "$f" ] || command cat "$f"; done; }
fi

finished=$(date -u +%s)
{
  echo "# Benchmarks and load figures (issue 7)"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); run time $(( (finished - started) / 60 )) min $(( (finished - started) % 60 )) s$($quick && echo ' (--quick: shortened jobs, not the reference figures)')"
  echo "- Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(free -h | awk '/^Mem:/ {print $2}') memory ($(free -m | awk '/^Mem:/ {print $2}') MiB), $(uname -sr)"
  echo "- .NET: SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
  echo "- Load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: expect noise)"
  echo "- Reproduce: \`bash tests/FibreCafe.Benchmarks/run.sh\` (Release build, every load on 127.0.0.1, bounded in count and time)"
  echo
  echo "## Goals"
  echo
  echo "| goal | target | measured | result |"
  echo "|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | **%s** |\n", $1, $2, $3, $4 }' "$results/goals.tsv"
  echo
  echo "Reported, not goals: each receiver run's rate with its dispatching included (the /kcis slices' KCIs over their time plus"
  echo "the time the dispatcher then needed to empty the inbox); the in-memory inbox (everything but the durable store; it keeps"
  echo "every KCI in memory, so its RSS grows with the run); the product with \`Dispatch:MaxConcurrency\` 32 instead of 4;"
  echo "and the product with its dispatcher off (the intake alone, to show what the dispatcher's work during the slices costs)."
  echo
  echo "| variant | goal it is compared with | measured | would be |"
  echo "|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$results/diagnostics.tsv"
  echo
  echo "Load average (1 min) at the start of each section, after waiting up to 60 s for it to drop below 1.5:"
  echo
  echo "| section | load average | waited |"
  echo "|---|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s s |\n", $1, $2, $3 }' "$loads"
  echo
  cat "$results/client.md"
  cat "$results/client-paired.md"
  cat "$results/token.md"
  cat "$results/receiver.md"
  cat "$results/receiver-in-memory-inbox.md"
  cat "$results/receiver-dispatch-concurrency-32.md"
  cat "$results/store.md"
  cat "$results/receiver-dispatcher-off.md"
  cat "$results/requests.md"
  # --- issue 19 ---
  if [ -e "$results/growth.md" ]; then cat "$results/growth.md"; fi
  if [ -e "$results/growth-postgres.md" ]; then cat "$results/growth-postgres.md"; fi
  cat "$results/client-concurrency.md"
  if [ -f "$results/soak.md" ]; then
    echo "The soak below is not from this run: it is the last \`run.sh --soak\` ($(date -u -r "$results/soak.md" '+%Y-%m-%d %H:%M UTC'); its goals in soak-summary.md)."
    echo
    cat "$results/soak.md"
  fi
  # --- end issue 19, parts 3 and 4 ---
  echo "## Profiling artefacts"
  echo
  echo "- Receiver profiles behind docs/performance.md were taken with \`dotnet-trace collect --profile dotnet-sampled-thread-time\` on the host process and summarized with \`tools/speedscope_summary.py\` / \`tools/speedscope_cpu.py\` (not part of this script)."
  echo "- \`client-allocations.md\`: sampled allocation types per call of each client layer (GCAllocationTick)."
  echo "- \`BenchmarkDotNet/results/\`: the BenchmarkDotNet report (GitHub markdown)."
  echo "- \`*.log\`: full console output of each command, with the receiver host's runtime counters per phase."
} > "$results/summary.md"

summary="$results/summary.md"
if [ -n "$only" ]; then
  tag="only-${only//,/-}"
  summary="$results/summary-$tag.md"
  mv "$results/summary.md" "$summary"
  for f in goals diagnostics load; do mv "$results/$f.tsv" "$results/$f-$tag.tsv"; done
  mv "$full"/* "$results/" 2>/dev/null || true
  rm -rf "$full"
fi

echo
echo "== wrote $summary"
command cat "$summary" | sed -n '1,/^## 1\./p'
