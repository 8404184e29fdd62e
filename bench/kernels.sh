#!/bin/sh
# kernels.sh [OUTDIR] — `make bench-kernels`: float32 ns/element of actgen's
# generated kernels (generated/*.c as they are), forward and forward+backward,
# side by side with the memory floor, a naive C kernel (bench/naive_kernels.c)
# and PyTorch's own kernel or eager composite (bench/torch_kernels.py, when a
# python3 on PATH or /usr/bin/python3 imports torch), plus the -fopenmp build
# on one and two threads; then the table, ratios and summary
# (bench/kernels_report.c). Every number is written as a row to OUTDIR/rows
# (default build/bench) before the report is printed.
#
# Environment: CC (default cc), BENCH_CFLAGS (default -std=c99 -O3
# -march=native), BENCH_SIZES (default "16777216 1048576"), BENCH_BUDGET
# (seconds of timed repetitions per measurement, default 0.3), BENCH_ROUNDS
# (default 2: actgen, PyTorch and the thread runs timed in turn, twice, the
# one-thread runs of round r on CPU r - 1 (mod the CPUs; taskset); the
# report takes each figure's smallest, as a busy spell of the machine or a
# busy CPU would otherwise slow one side only), BENCH_TORCH=0 to leave
# PyTorch out.
set -eu
out=${1:-build/bench}
CC=${CC:-cc}
BENCH_CFLAGS=${BENCH_CFLAGS:--std=c99 -O3 -march=native}
BENCH_SIZES=${BENCH_SIZES:-16777216 1048576}
BENCH_BUDGET=${BENCH_BUDGET:-0.3}
BENCH_ROUNDS=${BENCH_ROUNDS:-2}
BENCH_TORCH=${BENCH_TORCH:-1}
mkdir -p "$out"
rows=$out/rows
sh tools/act_table.sh generated/*.h >"$out/act_table.h"
src="bench/kernels.c bench/kernels_report.c bench/naive_kernels.c $(echo generated/*.c)"
# shellcheck disable=SC2086  # BENCH_CFLAGS and src are word lists
$CC $BENCH_CFLAGS -I"$out" -Igenerated -Ibench -o "$out/bench_kernels" $src -lm
omp=1
# shellcheck disable=SC2086
$CC $BENCH_CFLAGS -fopenmp -I"$out" -Igenerated -Ibench -o "$out/bench_kernels_omp" $src -lm || omp=0

# Each round's one-thread runs (actgen's, the naive kernels', PyTorch's) on
# one CPU, the next round on the next: on a two-core VM one vCPU ran
# hp1's backward 55% slower than the other for minutes (its host sibling
# busy), which a benchmark pinned to it by chance read as the kernel's
# speed; the report takes each figure's smallest over the rounds.
ncpu=1
command -v taskset >/dev/null 2>&1 && command -v nproc >/dev/null 2>&1 && ncpu=$(nproc)
pinned=
[ "$ncpu" -gt 1 ] && pinned=", the one-thread runs of round r on CPU r - 1 (taskset)"
{
  echo "INFO compiler: $($CC --version | head -n 1); flags: $BENCH_CFLAGS (thread runs: the same and -fopenmp)"
  echo "INFO timing: minimum over >= 3 repetitions after a warm-up (budget ${BENCH_BUDGET}s each) and over $BENCH_ROUNDS round(s), actgen, PyTorch and the thread runs in turn$pinned; x uniform in [-6, 6], dy in [-1, 1], theta at its initial values"
} >"$rows"

py=
if [ "$BENCH_TORCH" != 0 ]; then
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import torch' >/dev/null 2>&1; then py=$p; break; fi
  done
fi
if [ -n "$py" ]; then
  "$out/bench_kernels" theta >"$out/theta"
  "$out/bench_kernels" values >"$out/values"   # torch's kernels are checked against these first
else
  echo "INFO torch: not used (BENCH_TORCH=0, or neither python3 nor /usr/bin/python3 imports torch)" >>"$rows"
fi
r=1
while [ "$r" -le "$BENCH_ROUNDS" ]; do
  pin=
  [ "$ncpu" -gt 1 ] && pin="taskset -c $(((r - 1) % ncpu))"
  info=cat   # a round's notes once; its page-fault line every round
  [ "$r" = 1 ] || info="grep -v ^INFO.torch:"
  echo "bench-kernels: round $r of $BENCH_ROUNDS: timing actgen, naive kernels and floors (sizes $BENCH_SIZES)..." >&2
  # shellcheck disable=SC2086
  $pin "$out/bench_kernels" run --budget "$BENCH_BUDGET" $BENCH_SIZES >>"$rows"
  if [ -n "$py" ]; then
    echo "bench-kernels: round $r of $BENCH_ROUNDS: timing PyTorch ($py)..." >&2
    # Freed blocks stay in glibc's heap (no mmap, no trim), so that PyTorch's
    # outputs reuse pages instead of faulting in fresh ones on every call.
    # shellcheck disable=SC2086
    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1099511627776 MALLOC_TOP_PAD_=268435456 \
      OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
      $pin "$py" bench/torch_kernels.py "$out/theta" --check "$out/values" --budget "$BENCH_BUDGET" $BENCH_SIZES >"$out/torch_rows"
    $info "$out/torch_rows" >>"$rows" || true   # (grep -v fails if it leaves no line)
  fi
  # The thread runs too, every round: on a two-core VM one busy spell
  # during the single run of either thread count moved hp1's speedup at
  # 2^20 between 1.4 and 1.9 from one benchmark to the next.
  if [ $omp = 1 ]; then
    for t in 1 2; do
      echo "bench-kernels: round $r of $BENCH_ROUNDS: timing the -fopenmp build on $t thread(s)..." >&2
      # shellcheck disable=SC2086
      OMP_NUM_THREADS=$t "$out/bench_kernels_omp" run --tag omp$t --actgen-only \
        --budget "$BENCH_BUDGET" $BENCH_SIZES >>"$rows"
    done
  fi
  r=$((r + 1))
done

[ $omp = 1 ] || echo "INFO threads: $CC could not build with -fopenmp; no thread runs" >>"$rows"
"$out/bench_kernels" report <"$rows"
