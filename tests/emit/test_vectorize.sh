#!/bin/sh
# Issue 7, point 3: the element loops of NAME_forward and NAME_backward
# vectorize, for every shipped activation, float and double wherever the
# math allows, at -O3 and at -O2. The proof is each compiler's own report:
# gcc's -fopt-info-vec-optimized and clang's -Rpass=loop-vectorize must
# name the line of every element loop (the loop "t[j] = ...(t[j], ...)"
# that calls a body, in the blocks of forward, backward and the dtheta
# chunks; at -O2 gcc vectorizes the full blocks, whose trip count is a
# constant, and leaves the tail block scalar).
#
# A float loop must always vectorize (its bodies call the math layer). A
# double loop must vectorize unless its body calls a <math.h> function
# (exp, erf, ..., also through actgen_sigmoid or actgen_softplus): the
# double kernels keep <math.h>, which neither compiler vectorizes without
# -ffast-math.
# Usage: test_vectorize.sh [FILE.act...] (default: activations/*.act and
# tests/emit/every.act, which calls every builtin, pow and sin included).
# Also with -fopenmp: there the dtheta chunk function is not inlined, and
# its loops must vectorize all the same (prelu's did not, and branched).
A=${ACTGEN:-./actgen}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
files=${*:-activations/*.act tests/emit/every.act}
# The sanitizer pass (tests/run.sh) checks every.act alone, with gcc -O3
# (below): the library's C is the same bytes in both passes (the plain pass
# checks it), and actgen compiles activations/ under the sanitizers in
# test_compile_warnings.
[ -n "${ACTGEN_TEST_SANITIZE:-}" ] && [ $# -eq 0 ] && files=tests/emit/every.act
for act in $files; do
  b=$(basename "$act" .act)
  "$A" "$act" --prefix act_ -o "$T/$b.c" || { echo "$act: does not compile"; fail=1; continue; }
  # Element loops: line number, precision (float if the enclosing function
  # is a float API one), and whether the body it calls uses <math.h>.
  awk '
    /^(void|float|double|static void|ACTGEN_INLINE void) / { fn = $0; isf = (fn ~ /(forwardf|backwardf|chunkf_|blockf_)/) }
    /^(static inline|ACTGEN_INLINE) double actgen_/ { body = $0; sub(/\(.*/, "", body); sub(/.* /, "", body); libm[body] = 0; cur = body }
    cur != "" && /[a-z_0-9]+\(/ && !/^static/ {
      line = $0
      while (match(line, /[a-z][a-z_0-9]*\(/)) {
        name = substr(line, RSTART, RLENGTH - 1)
        if (name !~ /^(actgen_v|actgen_(min|max|sign|relu)$|fabs$|sizeof$)/) libm[cur] = 1
        line = substr(line, RSTART + RLENGTH)
      }
    }
    /^}/ { cur = "" }
    /for \(size_t j = 0; j < m; j\+\+\)/ { forline = NR }
    /t\[j\] = .*actgen_[fd]/ && !/t\[j\] != t\[j\]/ && !/actgen_(f|dx|dall)r_/ {   # not the passes over rare lanes
      match($0, /actgen_[a-z_0-9]*/); body = substr($0, RSTART, RLENGTH)
      print forline, (isf ? "float" : "double"), libm[body], body
    }' "$T/$b.c" >"$T/$b.loops"
  # -O3 at this machine's width, -O2 for the AVX2 copy of the dispatch (the
  # Python package's build runs it, or the AVX-512 one; built alone, as the
  # copies' loops would be named by the same line, and they triple the
  # compile), -fopenmp. Not the baseline SSE2 copy: the math layer's fma()
  # is a call to the C library there (processors without FMA, before 2013;
  # templates/math/bits.c), and its loops stay scalar, by design. The
  # sanitizer pass runs the first with gcc: actgen's part is the same.
  opts='"-O3 -march=native" "-O2 -DACTGEN_NO_DISPATCH -mavx2 -mfma" "-O3 -march=native -fopenmp"' ccs="gcc clang"
  [ -n "${ACTGEN_TEST_SANITIZE:-}" ] && opts='"-O3 -march=native"' ccs=gcc
  for cc in $ccs; do
    eval "set -- $opts"
    for opt; do
      if [ $cc = gcc ]; then
        gcc -std=c99 $opt -c -o /dev/null -fopt-info-vec-optimized "$T/$b.c" 2>"$T/rep" || fail=1
      else
        clang -std=c99 $opt -c -o /dev/null -Rpass=loop-vectorize "$T/$b.c" 2>"$T/rep" || fail=1
      fi
      while read -r line prec libm body; do
        if grep -q "^$T/$b.c:$line:.*vectorized" "$T/rep"; then
          continue
        elif [ "$prec" = double ] && [ "$libm" = 1 ]; then
          continue   # <math.h> in a double body: not vectorizable without -ffast-math
        else
          echo "$act: $cc $opt: the $prec loop at line $line (calls $body) is not vectorized"
          fail=1
        fi
      done <"$T/$b.loops"
    done
  done
done
exit $fail
