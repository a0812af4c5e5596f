#!/usr/bin/env bash
# leadscore against the hand-written baseline, every number from one run on one machine.
#
#   benches/compare.sh                      # 1M leads (generated once into target/bench-data/1000000)
#   N=100000 benches/compare.sh             # another size
#   DATA=/tmp/gen1m benches/compare.sh      # existing leads.csv + events.csv (seed 42)
#   RUNS=7 INTERP_RUNS=3 benches/compare.sh # runs per scoring median (default 5 / same)
#
# Builds release, generates the data if absent (seed 42, 20 events per lead), then:
#  1. benches/ratio.rs `steps`: load once, time JIT compile, bind and the scoring step of the
#     interpreter, the JIT and the hand-written baseline (benches/handwritten) for
#     rules/seed/seed.score and rules/bench/large.score, on 1 thread and all threads
#     (median of RUNS), and check JIT scores == hand-written == interpreter;
#  2. end to end: `leadscore score ... --engine jit --stats` vs the hand-written
#     load + score + write CSV (`ratio e2e-hw`), wall time and peak RSS of each process;
#  3. `--engine jit` vs `--engine interp` output files compared byte for byte (cmp).
# Targets are printed next to the numbers, not asserted.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
DATA=${DATA:-target/bench-data/$N}
RUNS=${RUNS:-5}
INTERP_RUNS=${INTERP_RUNS:-$RUNS}
AS_OF=2024-06-01
RUBRICS=(seed large)
declare -A RULES=([seed]=rules/seed/seed.score [large]=rules/bench/large.score)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leadscore-compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

say() { printf '%s\n' "$*" >&2; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
say "== build (release)"
cargo build --release --quiet --bin leadscore
RATIO=$(cargo bench --bench ratio --no-run --message-format=json 2>/dev/null |
    grep -o '"executable":"[^"]*"' | grep ratio | tail -n1 | sed 's/"executable":"\(.*\)"/\1/')
[[ -x "$RATIO" ]] || { say "cannot find the ratio bench binary"; exit 1; }
LS=target/release/leadscore

if [[ ! -f "$DATA/leads.csv" || ! -f "$DATA/events.csv" ]]; then
    say "== generate $N leads into $DATA"
    "$LS" generate --schema rules/seed/lead.schema --leads "$N" --seed 42 --out "$DATA"
fi
LEADS=$DATA/leads.csv
EVENTS=$DATA/events.csv

# run_measured NAME CMD...: runs CMD with stdout/stderr to $WORK/NAME.{out,err}; sets
# WALL (seconds) and RSS (MiB, peak resident set size of the process).
run_measured() {
    local name=$1
    shift
    local t0 t1
    if [[ -x /usr/bin/time ]]; then
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
        t1=$(date +%s%N)
        RSS=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/$name.time")
    else
        # No /usr/bin/time: poll the child's VmHWM (monotonic) until it exits.
        t0=$(date +%s%N)
        "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
        local pid=$! hwm=0 v
        while kill -0 "$pid" 2>/dev/null; do
            v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            [[ -n "$v" && "$v" -gt "$hwm" ]] && hwm=$v
            sleep 0.02
        done
        wait "$pid"
        t1=$(date +%s%N)
        RSS=$((hwm / 1024))
    fi
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
}

say "== steps (median of $RUNS runs; interpreter $INTERP_RUNS)"
"$RATIO" steps "$LEADS" "$EVENTS" --runs "$RUNS" --interp-runs "$INTERP_RUNS" >"$WORK/steps.txt"

declare -A M
while read -r tag key value; do
    [[ $tag == metric ]] && M[$key]=$value
done <"$WORK/steps.txt"
THREADS=$(awk '$1 == "threads" {print $2}' "$WORK/steps.txt")
read -r NLEADS NEVENTS < <(awk '$1 == "leads" {print $2, $4}' "$WORK/steps.txt")

declare -A E
for r in "${RUBRICS[@]}"; do
    say "== end to end: $r"
    run_measured "jit-$r" "$LS" score "${RULES[$r]}" --leads "$LEADS" --events "$EVENTS" \
        --as-of "$AS_OF" --out "$WORK/jit-$r.csv" --engine jit --stats
    E[jit.$r.wall]=$WALL E[jit.$r.rss]=$RSS
    run_measured "hw-$r" "$RATIO" e2e-hw "$r" "$LEADS" "$EVENTS" "$WORK/hw-$r.csv"
    E[hw.$r.wall]=$WALL E[hw.$r.rss]=$RSS
    run_measured "interp-$r" "$LS" score "${RULES[$r]}" --leads "$LEADS" --events "$EVENTS" \
        --as-of "$AS_OF" --out "$WORK/interp-$r.csv" --engine interp --stats
    E[interp.$r.wall]=$WALL E[interp.$r.rss]=$RSS
    if cmp -s "$WORK/jit-$r.csv" "$WORK/interp-$r.csv"; then E[cmp.$r]=SAME; else E[cmp.$r]=DIFFERENT; fi
done

# ratio A B: A / B to two decimals; verdict VALUE OP LIMIT: ok or MISS.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "inf"}'; }
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {ok = (op == "<" ? v < l : v <= l); print (ok ? "ok" : "MISS")}'; }

echo
echo "leadscore vs hand-written: $NLEADS leads, $NEVENTS events, as of $AS_OF, $THREADS threads available"
echo "data: $DATA   scoring: median of $RUNS runs (interpreter: $INTERP_RUNS)"
echo "load average before / after the run: $LOAD0 / $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo
echo "scoring step only (ms)      interp        jit         hw   jit/hw (<=1.3)   interp/jit (<=10)"
for r in "${RUBRICS[@]}"; do
    for t in t1 tn; do
        i=${M[score.$r.interp.$t]} j=${M[score.$r.jit.$t]} h=${M[score.$r.hw.$t]}
        jh=$(ratio "$j" "$h") ij=$(ratio "$i" "$j")
        label="$r, $([[ $t == t1 ]] && echo "1 thread" || echo "$THREADS threads")"
        printf '  %-22s %10.1f %10.1f %10.1f   %6s %-4s       %6s %-4s\n' "$label" "$i" "$j" "$h" \
            "$jh" "$(verdict "$jh" "<=" 1.3)" "$ij" "$(verdict "$ij" "<=" 10)"
    done
done
echo
echo "JIT compile (ms, target < 10)   wall of Jit::compile   (its own compile_time)"
for r in "${RUBRICS[@]}"; do
    c=${M[compile.$r]}
    printf '  %-28s %10.2f %-4s       (%.2f)\n' "$r" "$c" "$(verdict "$c" "<" 10)" "${M[compile_own.$r]}"
done
echo
echo "other steps (ms)"
printf '  %-28s %10.1f\n' "load, leadscore Batch::load" "${M[load.lib]}" "load, hand-written" "${M[load.hw]}"
for r in "${RUBRICS[@]}"; do
    printf '  %-28s %10.1f\n' "bind (prepare), $r" "${M[bind.$r]}"
done
echo
echo "end to end, $THREADS threads   leadscore jit (s)   hand-written (s)   ratio (<=1.5)   peak RSS jit / hw (MiB, < 2048)   interp (s)"
for r in "${RUBRICS[@]}"; do
    j=${E[jit.$r.wall]} h=${E[hw.$r.wall]}
    jh=$(ratio "$j" "$h")
    printf '  %-24s %14.2f %18.2f   %6s %-4s      %6s / %-6s %-4s                %8.2f\n' "$r" "$j" "$h" \
        "$jh" "$(verdict "$jh" "<=" 1.5)" "${E[jit.$r.rss]}" "${E[hw.$r.rss]}" \
        "$(verdict "${E[jit.$r.rss]}" "<" 2048)" "${E[interp.$r.wall]}"
done
for r in "${RUBRICS[@]}"; do
    echo "  leadscore --stats, $r:"
    grep -E '^(stats|  )' "$WORK/jit-$r.err" | sed 's/^/    /'
    echo "  hand-written steps, $r (ms): $(awk '$1 == "metric" {sub(/^e2e_hw\.[a-z]+\./, "", $2); printf "%s %s  ", $2, $3}' "$WORK/hw-$r.out")"
done
echo
echo "checks"
for r in "${RUBRICS[@]}"; do
    echo "  $r: --engine jit vs --engine interp output (cmp): ${E[cmp.$r]}"
done
grep '^check' "$WORK/steps.txt" | sed 's/^check /  /'
printf '  peak RSS of the steps process: %.0f MiB\n' "${M[peak_rss_mib.steps]}"
