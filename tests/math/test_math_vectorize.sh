#!/bin/sh
# Every function of the math layer (templates/math/NAME.c) vectorizes: one
# file holds, for each function, a loop over double arrays and one over
# float arrays (evaluated in double, rounded once) calling actgen_vNAME; gcc
# -O3 -fopt-info-vec-optimized and clang -O3 -Rpass=loop-vectorize, -std=c99,
# with and without -march=native, must each name every loop's line as
# vectorized. Also each file, alone with the files it needs, compiles
# cleanly under -std=c99 -Wall -Wextra -pedantic -Werror with both compilers.
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
HEAD='#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#pragma STDC FP_CONTRACT OFF'
names=$(cd "$top/templates/math" && ls *.c | sed 's/\.c$//' | grep -v '^bits$')

for n in $names; do
  { echo "$HEAD"; cat $(sh "$top/tests/math/mathfiles.sh" "$n"); } >"$T/alone_$n.c" || exit 1
  for cc in gcc clang; do
    if ! $cc -std=c99 -Wall -Wextra -pedantic -Werror -Wno-unknown-pragmas -Wno-unused-function -c \
        -o "$T/alone.o" "$T/alone_$n.c" 2>"$T/err"; then
      echo "$cc: templates/math/$n.c does not compile cleanly alone:"; head -20 "$T/err"; fail=1
    fi
  done
done

# one translation unit with every function and two loops per function
{
  echo "$HEAD"
  cat $(sh "$top/tests/math/mathfiles.sh")
  for n in $names; do
    if grep -q "actgen_v$n(double [a-z_]*, double" "$top/templates/math/$n.c"; then
      echo "void loop_d_$n(double *restrict z, const double *restrict x, const double *restrict y, int n)"
      echo "{ int i; /* LOOP d $n */"
      echo "  for (i = 0; i < n; i++) z[i] = actgen_v$n(x[i], y[i]); }"
      echo "void loop_f_$n(float *restrict z, const float *restrict x, const float *restrict y, int n)"
      echo "{ int i; /* LOOP f $n */"
      echo "  for (i = 0; i < n; i++) z[i] = (float)actgen_v$n((double)x[i], (double)y[i]); }"
    else
      echo "void loop_d_$n(double *restrict y, const double *restrict x, int n)"
      echo "{ int i; /* LOOP d $n */"
      echo "  for (i = 0; i < n; i++) y[i] = actgen_v$n(x[i]); }"
      echo "void loop_f_$n(float *restrict y, const float *restrict x, int n)"
      echo "{ int i; /* LOOP f $n */"
      echo "  for (i = 0; i < n; i++) y[i] = (float)actgen_v$n((double)x[i]); }"
    fi
  done
} >"$T/loops.c"

for cc in gcc clang; do
  for arch in "" "-march=native"; do
    case $cc in
      gcc) $cc -std=c99 -O3 $arch -fopt-info-vec-optimized -c -o "$T/loops.o" "$T/loops.c" >"$T/rep" 2>&1 ;;
      clang) $cc -std=c99 -O3 $arch -Rpass=loop-vectorize -c -o "$T/loops.o" "$T/loops.c" >"$T/rep" 2>&1 ;;
    esac || { echo "$cc $arch: compile failed"; head -20 "$T/rep"; fail=1; continue; }
    grep -n '/\* LOOP ' "$T/loops.c" | while IFS=: read -r line rest; do
      l=$((line + 1))
      what=$(echo "$rest" | sed 's|.*/\* LOOP \([df]\) \([a-z0-9_]*\) \*/.*|\1 \2|')
      case $cc in
        gcc) pat="loops.c:$l:[0-9]*: optimized: loop vectorized" ;;
        clang) pat="loops.c:$l:[0-9]*: remark: vectorized loop" ;;
      esac
      if grep -q "$pat" "$T/rep"; then
        echo "vectorized: $cc $arch $what"
      else
        echo "NOT VECTORIZED: $cc $arch $what"
      fi
    done >>"$T/summary"
  done
done
if grep -q 'NOT VECTORIZED' "$T/summary"; then
  grep 'NOT VECTORIZED' "$T/summary"
  fail=1
fi
echo "$(grep -c '^vectorized' "$T/summary") loops vectorized, $(grep -c 'NOT VECTORIZED' "$T/summary") not"
exit $fail
