#!/bin/sh
# The kernel benchmark (`make bench-kernels`, bench/kernels.sh) still builds
# — with -Wall -Wextra -pedantic -Werror, so its own sources stay clean — and
# runs end to end on tiny arrays, and that every activation of
# activations/*.act gets measured by actgen's kernel, the naive C kernel, the
# one- and two-thread OpenMP build and, when torch imports, PyTorch, and
# appears in the report; and that the naive kernels and PyTorch's compute
# the same functions as actgen's (bench_kernels check; torch_kernels.py
# --check, which kernels.sh runs). Timings are never tested, so the build
# leaves out the run-time dispatch copies (they triple the compile;
# test_compile_warnings and test_same_bits cover them).
if [ -n "${ACTGEN_TEST_SANITIZE:-}" ]; then
  echo "sanitizer pass: the benchmark runs no actgen (it times generated/); tested in the plain pass"
  exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
if ! BENCH_SIZES="1000 333" BENCH_BUDGET=0.001 \
     BENCH_CFLAGS="-std=c99 -O2 -Wall -Wextra -pedantic -Werror -DACTGEN_NO_DISPATCH" \
     sh bench/kernels.sh "$T/b" >"$T/report" 2>"$T/err"; then
  echo "bench/kernels.sh failed:"; cat "$T/err" "$T/report"; exit 1
fi
fail=0
"$T/b/bench_kernels" check || { echo "naive kernels differ from actgen's (above)"; fail=1; }
impls="actgen naive"
grep -q '^ROW omp1 ' "$T/b/rows" && impls="$impls omp1 omp2"
grep -q '^ROW torch' "$T/b/rows" && impls="$impls torch"
echo "measured by: $impls"
names=$(sed -n 's/^activation \([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' activations/*.act)
[ -n "$names" ] || { echo "no activations found in activations/*.act"; exit 1; }
for name in $names; do
  for impl in $impls; do
    for n in 1000 333; do
      # a row with two numbers (forward, forward+backward)
      if ! grep -Eq "^ROW $impl\\*? $name $n [0-9.]+ [0-9.]+\$" "$T/b/rows"; then
        echo "no $impl row for $name at N = $n"; fail=1
      fi
    done
  done
  c=$(grep -c "^$name " "$T/report")
  [ "$c" -ge 3 ] || { echo "$name: $c lines in the report (two tables and the thread table expected)"; fail=1; }
done
for n in 1000 333; do
  grep -Eq "^ROW floor fwdbwd $n - [0-9.]+\$" "$T/b/rows" || { echo "no floor at N = $n"; fail=1; }
done
grep -q '^vector width' "$T/report" || { echo "no vector width in the report"; fail=1; }
# Two rounds (BENCH_ROUNDS): the report takes each figure's smaller value.
printf 'ROW actgen elu 1000 2.0 4.0\nROW torch elu 1000 1.0 2.0\nROW actgen elu 1000 1.5 4.5\nROW torch elu 1000 1.2 1.9\n' |
  "$T/b/bench_kernels" report >"$T/rounds" 2>&1
grep -Eq '^elu +1\.50 .* 1\.00 .*\| +4\.00 .* 1\.90 ' "$T/rounds" ||
  { echo "two rounds: not the smaller of each figure:"; cat "$T/rounds"; fail=1; }
# The forward+backward floor is copy + triad, the traffic of the two calls:
# 6.0 / (1.0 + 2.0) = 2.00 (against the one-pass four-stream loop, 2.40).
printf 'ROW floor copy 1000 1.0 -\nROW floor triad 1000 2.0 -\nROW floor fwdbwd 1000 - 2.5\nROW actgen elu 1000 2.0 6.0\n' |
  "$T/b/bench_kernels" report >"$T/floor" 2>&1
grep -Eq '^elu +2\.00 .*\| +6\.00 +[-0-9.na]+ +[-0-9.na]+ +2\.00 ' "$T/floor" &&
  grep -q 'four-stream loop of one fused pass: max 2\.40' "$T/floor" ||
  { echo "forward+backward against a floor other than copy + triad:"; cat "$T/floor"; fail=1; }
grep -q '^summary against' "$T/report" || { echo "no summary in the report"; fail=1; }
[ $fail = 0 ] || cat "$T/report"
exit $fail
