#!/bin/sh
# The kernel benchmark (`make bench-kernels`, bench/kernels.sh) still builds
# — with -Wall -Wextra -pedantic -Werror, so its own sources stay clean — and
# runs end to end on tiny arrays, and that every activation of
# activations/*.act gets measured by actgen's kernel, the naive C kernel, the
# one- and two-thread OpenMP build and, when torch imports, PyTorch, and
# appears in the report; and that the naive kernels and PyTorch's compute
# the same functions as actgen's (bench_kernels check; torch_kernels.py
# --check, which kernels.sh runs). Timings are never tested.
T=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
if ! BENCH_SIZES="1000 333" BENCH_BUDGET=0.001 \
     BENCH_CFLAGS="-std=c99 -O2 -Wall -Wextra -pedantic -Werror" \
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
grep -q '^summary against' "$T/report" || { echo "no summary in the report"; fail=1; }
[ $fail = 0 ] || cat "$T/report"
exit $fail
