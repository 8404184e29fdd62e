#!/bin/sh
# Every function of the math layer (templates/math/NAME.c) vectorizes: for
# each function, a loop over double arrays and one over float arrays
# (evaluated in double, rounded once) calling actgen_vNAME (and its `_fast`
# and `_neg` forms where it has them); gcc -O3 -fopt-info-vec-optimized and clang -O3
# -Rpass=loop-vectorize, -std=c99,
# for AVX2 with FMA (the generated files' AVX2 copy; on the SSE2 baseline
# the layer's fma() is a call to the C library, and the loops stay scalar:
# templates/math/bits.c) and for -march=native, must each name every loop's line as
# vectorized (gcc without the generated files' no-trapping-math pragma: the
# layer does not need it). Also each function's file, alone with the files it needs (as
# the emitter copies them into a generated file that calls only that
# function), compiles cleanly under -std=c99 -Wall -Wextra -pedantic -Werror
# with both compilers: no unused function or constant (clang warns about
# unused static inline functions).
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
[ -n "$KEEP" ] || trap 'rm -rf "$T"' EXIT INT TERM
fail=0
HEAD='#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if !defined(__GNUC__) || defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif'
# the layer's functions: files defining actgen_vNAME (the others are
# pieces), and the `_fast` forms some of them define as well (src/ops.h)
names=$(cd "$top/templates/math" && for f in *.c; do
  n=${f%.c}
  grep -q "^static inline double actgen_v$n(" "$f" && echo "$n"
done)
fastnames=$(cd "$top/templates/math" && for n in $names; do
  grep -q "^static inline double actgen_v${n}_fast(" "$n.c" && echo "${n}_fast"
  grep -q "^static inline double actgen_v${n}_neg(" "$n.c" && echo "${n}_neg"
done)

for n in $names; do
  { echo "$HEAD"; cat $(sh "$top/tests/math/mathfiles.sh" "$n")
    if grep -q "actgen_v$n(double [a-z_]*, double" "$top/templates/math/$n.c"; then
      echo "double use_$n(double x, double y); double use_$n(double x, double y) { return actgen_v$n(x, y); }"
    else
      echo "double use_$n(double x); double use_$n(double x) { return actgen_v$n(x); }"
    fi
    if grep -q "^static inline double actgen_v${n}_fast(double [a-z_]*, double" "$top/templates/math/$n.c"; then
      echo "double use_${n}_fast(double x, double y); double use_${n}_fast(double x, double y) { return actgen_v${n}_fast(x, y); }"
      echo "uint64_t use_${n}_rare(double x, double y); uint64_t use_${n}_rare(double x, double y) { return actgen_v${n}_rare(x, y); }"
    elif grep -q "^static inline double actgen_v${n}_fast(" "$top/templates/math/$n.c"; then
      echo "double use_${n}_fast(double x); double use_${n}_fast(double x) { return actgen_v${n}_fast(x); }"
    fi
    if grep -q "^static inline double actgen_v${n}_neg(" "$top/templates/math/$n.c"; then
      echo "double use_${n}_neg(double x); double use_${n}_neg(double x) { return actgen_v${n}_neg(x); }"
    fi
  } >"$T/alone_$n.c" || exit 1
  for cc in gcc clang; do
    if ! $cc -std=c99 -Wall -Wextra -pedantic -Werror -c \
        -o "$T/alone.o" "$T/alone_$n.c" 2>"$T/err"; then
      echo "$cc: templates/math/$n.c does not compile cleanly alone:"; head -20 "$T/err"; fail=1
    fi
  done
done

# Two translation units, one with a double loop per function and one with
# a float loop per function, so that each function is called once per unit:
# pow is too big for gcc's and clang's inlining limits (gcc -O3: 200
# insns for inline functions) unless it has a single call site, and a loop
# that calls a function that was not inlined stays scalar.
for p in d f; do
  {
    echo "$HEAD"
    cat $(sh "$top/tests/math/mathfiles.sh")
    for n in $names $fastnames; do
      if [ $p = d ]; then t=double; cast=; arg=; else t=float; cast='(float)'; arg='(double)'; fi
      if grep -q "actgen_v$n(double [a-z_]*, double" "$top/templates/math/${n%_*}.c"; then
        echo "void loop_$n($t *restrict z, const $t *restrict x, const $t *restrict y, int n)"
        echo "{ int i; /* LOOP $p $n */"
        echo "  for (i = 0; i < n; i++) z[i] = ${cast}actgen_v$n(${arg}x[i], ${arg}y[i]); }"
      else
        echo "void loop_$n($t *restrict y, const $t *restrict x, int n)"
        echo "{ int i; /* LOOP $p $n */"
        echo "  for (i = 0; i < n; i++) y[i] = ${cast}actgen_v$n(${arg}x[i]); }"
      fi
    done
  } >"$T/loops_$p.c"
done

for p in d f; do
  for cc in gcc clang; do
    for arch in "-mavx2 -mfma" "-march=native"; do
      case $cc in
        gcc) $cc -std=c99 -O3 $arch -ffp-contract=off -fopt-info-vec-optimized -c -o "$T/loops.o" "$T/loops_$p.c" \
               >"$T/rep" 2>&1 ;;
        clang) $cc -std=c99 -O3 $arch -Rpass=loop-vectorize -c -o "$T/loops.o" "$T/loops_$p.c" >"$T/rep" 2>&1 ;;
      esac || { echo "$cc $arch: compile failed"; head -20 "$T/rep"; fail=1; continue; }
      grep -n '/\* LOOP ' "$T/loops_$p.c" | while IFS=: read -r line rest; do
        l=$((line + 1))
        what=$(echo "$rest" | sed 's|.*/\* LOOP \([df]\) \([a-z0-9_]*\) \*/.*|\1 \2|')
        case $cc in
          gcc) pat="loops_$p.c:$l:[0-9]*: optimized: loop vectorized" ;;
          clang) pat="loops_$p.c:$l:[0-9]*: remark: vectorized loop" ;;
        esac
        if grep -q "$pat" "$T/rep"; then
          echo "vectorized: $cc $arch $what"
        else
          echo "NOT VECTORIZED: $cc $arch $what"
        fi
      done >>"$T/summary"
    done
  done
done
if grep -q 'NOT VECTORIZED' "$T/summary"; then
  grep 'NOT VECTORIZED' "$T/summary"
  fail=1
fi
echo "$(grep -c '^vectorized' "$T/summary") loops vectorized, $(grep -c 'NOT VECTORIZED' "$T/summary") not"
exit $fail
