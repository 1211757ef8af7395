#!/usr/bin/env bash
# The soak loop: run the tray tests and the long-haul tests N times in a row while both CPU
# cores are kept busy by another process, stop at the first failure, print a summary. For
# hunting flaky tests; not part of .ci/run.
#
#   .ci/soak.sh [N]              # default 20 rounds
#   SOAK_BUSY=0 .ci/soak.sh 5    # without the CPU load
#   SOAK_SUITES=tray .ci/soak.sh # only one suite (tray or longhaul)
#
# Each round's output is kept in a folder named at the start; the exit code is 0 when every
# round passed, 1 at the first failure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ROUNDS=${1:-20}
BUSY=${SOAK_BUSY:-1}
read -r -a SUITES <<<"${SOAK_SUITES:-tray longhaul}"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
export PYTHON

if ! [[ $ROUNDS =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: .ci/soak.sh [ROUNDS]   (a positive number, default 20)" >&2
    exit 2
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
busy_pids=()
stop_load() {
    local pid
    for pid in "${busy_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${busy_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    busy_pids=()
}
trap stop_load EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

if [[ $BUSY == 1 ]]; then
    cores=$(nproc 2>/dev/null || echo 2)
    for ((i = 0; i < cores; i++)); do
        # A plain busy loop at normal priority: it competes with the tests for every core.
        "$PYTHON" -c 'while True: pass' &
        busy_pids+=($!)
    done
    echo "soak: $cores busy loops running (pids ${busy_pids[*]})"
fi

run_suite() {
    case $1 in
    tray) bash .ci/tray-tests.sh -p no:cacheprovider -q ;;
    longhaul) bash .ci/longhaul.sh -p no:cacheprovider -q ;;
    *)
        echo "soak: unknown suite '$1' (tray or longhaul)" >&2
        return 2
        ;;
    esac
}

started=$SECONDS
passed=0
failure=""
for ((round = 1; round <= ROUNDS; round++)); do
    for suite in "${SUITES[@]}"; do
        log=$logs/round-$round-$suite.log
        t0=$SECONDS
        rc=0
        run_suite "$suite" >"$log" 2>&1 || rc=$?
        printf 'soak: round %d/%d %-8s %s in %ds\n' "$round" "$ROUNDS" "$suite" \
            "$([[ $rc == 0 ]] && echo passed || echo "FAILED (exit $rc)")" $((SECONDS - t0))
        if ((rc != 0)); then
            failure="round $round, $suite (exit $rc): $log"
            tail -n 60 "$log"
            break 2
        fi
    done
    passed=$((passed + 1))
done
stop_load

echo
echo "==================== soak summary ===================="
echo "suites: ${SUITES[*]}; CPU load: $([[ $BUSY == 1 ]] && echo "all cores busy" || echo none)"
echo "rounds passed: $passed of $ROUNDS in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
echo "logs: $logs"
if [[ -n $failure ]]; then
    echo "FIRST FAILURE: $failure"
    exit 1
fi
echo "all rounds passed"
