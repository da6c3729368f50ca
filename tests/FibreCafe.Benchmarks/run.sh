#!/usr/bin/env bash
# Reproduces every figure of issue 7 (benchmarks and load figures) in Release and writes
# tests/FibreCafe.Benchmarks/results/summary.md. About 12-15 minutes on a 2-core machine (up to 6 more when it
# waits for a busy machine to calm down), and 12-15 more for section 5 (issue 19: a full store, PostgreSQL). BenchmarkDotNet runs a shortened job (2 launches x 5 warm-up + 15
# measured iterations per benchmark) instead of its adaptive default, to stay within that time.
#
#   bash tests/FibreCafe.Benchmarks/run.sh            # everything
#   bash tests/FibreCafe.Benchmarks/run.sh --quick    # shorter jobs, for a smoke test of the script
#   bash tests/FibreCafe.Benchmarks/run.sh --only 5   # only the listed sections (e.g. 3,5), keeping the others' results
#
# Every load targets 127.0.0.1 only and is bounded in count and time. Timings on a shared machine are noisy:
# this script is not part of .ci/run's pass or fail.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=false
[ "${1:-}" = "--quick" ] && quick=true
# -- --only (issue 19): run only the listed sections (numbers, comma-separated); the other sections' results stay --
only=""
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --quick) quick=true ;;
    --only) only="${args[$((i + 1))]:-}" ;;
  esac
done
want() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }
# -- end --only --

results="$here/results"
[ -n "$only" ] || rm -rf "$results" # --only keeps the other sections' results
mkdir -p "$results"
[ -z "$only" ] || rm -f "$results/goals.tsv" "$results/diagnostics.tsv" "$results/load.tsv" # the summary's goals are this run's
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
  growth_args=(--sizes 0,100000 --seconds 4 --claims 300) # -- growth (issue 19)
  pg_receiver_args=(--seconds 3 --slice-seconds 2 --rounds 2 --drain-seconds 10) # -- growth (issue 19)
else
  client_args=(--launches 2 --iterations 15)
  paired_args=(--rounds 60)
  token_args=(--rounds 5)
  receiver_args=(--seconds 10 --slice-seconds 4 --rounds 3 --drain-seconds 30)
  growth_args=(--sizes 0,100000,1000000,3000000 --seconds 8 --claims 2000 --claim-seconds 30) # -- growth (issue 19)
  pg_receiver_args=(--seconds 10 --slice-seconds 4 --rounds 3 --drain-seconds 30) # -- growth (issue 19)
fi

if want 1; then # --only
echo "== 1. client overhead (BenchmarkDotNet)"
wait_for_quiet "1. client (BenchmarkDotNet)"
"$bench" client --results "$results" "${client_args[@]}" | tee "$results/client.log" | grep -E '^\|| b/a | b − a |^- ' || true
echo "== 1b. paired, interleaved check of the time ratio"
wait_for_quiet "1b. client (paired check)"
"$bench" client-paired --results "$results" "${paired_args[@]}" | tee "$results/client-paired.log" | grep -E '^\| (wall|client)' || true
echo "== 1c. allocation profile of the client (sampled by type)"
"$bench" alloc-profile --results "$results" --calls 20000 > "$results/alloc-profile.log"
fi # --only
if want 2; then # --only
echo "== 2. token single flight"
wait_for_quiet "2. token single flight"
"$bench" token --results "$results" "${token_args[@]}" | tee "$results/token.log" | grep -E '^(cold|expired)' || true
fi # --only
if want 3; then # --only
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
fi # --only
if want 4; then # --only
echo "== 4. durable cancellation requests: submissions vs KCI intake (SQLite, PostgreSQL), sends, delay (issue 15)"
wait_for_quiet "4. cancellation requests"
"$bench" requests --results "$results" $($quick && echo --seconds 2 --sends 500 --rate-seconds 5) | tee "$results/requests.log" | grep -E '^(SQLite|PostgreSQL|sends|delay)' || true
fi # --only

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

finished=$(date -u +%s)
# -- --only: the sections not run have no files; the summary shows what there is --
if [ -n "$only" ]; then
  touch "$results/goals.tsv" "$results/diagnostics.tsv" "$loads"
  cat() { local f; for f in "$@"; do [ ! -e "$f" ] || command cat "$f"; done; }
fi
# -- end --only --
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
  # -- growth (issue 19) --
  if [ -e "$results/growth.md" ]; then cat "$results/growth.md"; fi
  if [ -e "$results/growth-postgres.md" ]; then cat "$results/growth-postgres.md"; fi
  # -- end growth --
  echo "## Profiling artefacts"
  echo
  echo "- Receiver profiles behind docs/performance.md were taken with \`dotnet-trace collect --profile dotnet-sampled-thread-time\` on the host process and summarized with \`tools/speedscope_summary.py\` / \`tools/speedscope_cpu.py\` (not part of this script)."
  echo "- \`client-allocations.md\`: sampled allocation types per call of each client layer (GCAllocationTick)."
  echo "- \`BenchmarkDotNet/results/\`: the BenchmarkDotNet report (GitHub markdown)."
  echo "- \`*.log\`: full console output of each command, with the receiver host's runtime counters per phase."
} > "$results/summary.md"

echo
echo "== wrote $results/summary.md"
cat "$results/summary.md" | sed -n '1,/^## 1\./p'
