#!/bin/sh
# Issue 7 points 4 and 5: the generated kernels give the same bits for y,
# dx and dtheta — double and float, n = 0, 1, 7, 4099, 100003, on tame data
# and on data full of special values (tests/emit/same_bits.c) — whatever the
# compiler (gcc, clang), the optimization level (-O0, -O3 -march=native, so
# any vector width the machine has), and the thread count (-fopenmp with
# OMP_NUM_THREADS=1 and 2). The kernels: every generated/*.c as shipped, and
# tests/emit/every.act (every builtin; scalar and vector learn items).
# gcc's -O3 run is in its default GNU mode (no -std), where it would
# contract a*b+c into an FMA unless the generated file forbids it (its GCC
# optimize pragma; clang contracts by default in every mode, so its runs
# test the FP_CONTRACT pragma); its other runs are -std=c99. At -O2 without -march, x86-64 builds carry
# AVX-512 and AVX2 copies of the array loops, chosen at run time (the
# generated file's ACTGEN_DISPATCH): the -O2 builds run with each of them
# allowed in turn (SAME_BITS_ISA 2, 1, 0: AVX-512, AVX2, the baseline
# copy), so every copy the machine can run is compared. A missing clang is
# skipped with a note.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/bits.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
"$A" tests/emit/every.act --prefix e_ -o "$T/every.c" -H "$T/every.h" || { echo "actgen failed on every.act"; exit 1; }
# The sanitizer pass (tests/run.sh) compiles every.c, actgen's part, alone,
# with two configurations: generated/ and the rest of the matrix are the C
# compilers' work, the same in both passes.
lib=generated
[ -n "${ACTGEN_TEST_SANITIZE:-}" ] && lib=
sh tools/act_table.sh ${lib:+generated/*.h} "$T/every.h" >"$T/act_table.h" || exit 1
src="tests/emit/same_bits.c ${lib:+$(echo generated/*.c)} $T/every.c"

# name|compiler and flags|OMP_NUM_THREADS for each run|SAME_BITS_ISA for
# each run (both empty: one run, unset)
echo 'extern int same_bits_isa_max;' >"$T/isa.h"
isa="-DACTGEN_ISA_MAX=same_bits_isa_max -include $T/isa.h"
# (gcc's -O3 -march=native is built once, with -fopenmp, in GNU mode: the
# builds without OpenMP are clang's at -O3 and gcc's at -O2; a second gcc
# -O3 build of the library took 40 of the test's 230 s)
configs="gcc-O0|gcc -std=c99 -O0|
clang-O0|clang -std=c99 -O0|
clang-O3-native|clang -std=c99 -O3 -march=native|
gcc-O3-native-gnu-openmp|gcc -O3 -march=native -fopenmp|1 2
gcc-O2|gcc -std=c99 -O2 $isa||2 1 0
clang-O2|clang -std=c99 -O2 $isa||2 1 0"
[ -n "${ACTGEN_TEST_SANITIZE:-}" ] && configs=$(echo "$configs" | grep -E '^gcc-O(0|3-native-gnu-openmp)[|]')

fail=0
ref=
compare() {  # compare NAME: its output against the reference's
  if [ -z "$ref" ]; then
    ref=$1
    echo "$1: $(wc -l <"$T/$1.out") lines (reference)"
  elif cmp -s "$T/$ref.out" "$T/$1.out"; then
    echo "$1: same bits as $ref"
  else
    echo "$1: DIFFERENT bits from $ref:"
    diff "$T/$ref.out" "$T/$1.out" | head -20
    fail=1
  fi
}
echo "$configs" >"$T/configs"
while IFS='|' read -r name cc threads isas; do
  set -- $cc
  if ! command -v "$1" >/dev/null 2>&1; then echo "note: $1 not found; $name skipped"; continue; fi
  if ! $cc -Igenerated -I"$T" -o "$T/$name" $src -lm 2>"$T/cc.err"; then
    echo "$name: $cc failed:"; head -20 "$T/cc.err"; fail=1; continue
  fi
  for i in $isas; do
    SAME_BITS_ISA=$i "$T/$name" >"$T/$name-isa$i.out" || { echo "$name-isa$i: driver failed"; fail=1; continue; }
    compare "$name-isa$i"
  done
  if [ -z "$threads" ] && [ -z "$isas" ]; then
    "$T/$name" >"$T/$name.out" || { echo "$name: driver failed"; fail=1; continue; }
    compare "$name"
  fi
  for t in $threads; do
    OMP_NUM_THREADS=$t "$T/$name" >"$T/$name-$t.out" || { echo "$name-$t: driver failed"; fail=1; continue; }
    compare "$name-$t"
  done
done <"$T/configs"
[ -n "$ref" ] || { echo "no configuration ran"; fail=1; }
exit $fail
