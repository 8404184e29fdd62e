#!/bin/sh
# The math layer gives the same bits whatever the compiler and the
# optimization: a program that runs every function of templates/math over
# 2^16 inputs (random bits, so every binade, subnormals, infinities and NaNs
# included, and a random double in a typical range) in a loop the
# compilers vectorize, and prints a checksum of the result bits per
# function, is built with gcc and clang at -O0 and at -O3 -march=native
# (FP contraction off, as in the generated files); the four outputs must be
# identical.  NaN results count as one value: which NaN operand's payload
# an operation passes on depends on the operand order the compiler picks.
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
names=$(cd "$top/templates/math" && for f in *.c; do
  n=${f%.c}
  grep -q "^static inline double actgen_v$n(" "$f" && echo "$n"
done)
{
  printf '#include <math.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n'
  printf '#if !defined(__GNUC__) || defined(__clang__)\n#pragma STDC FP_CONTRACT OFF\n#endif\n'
  cat $(sh "$top/tests/math/mathfiles.sh")
  cat <<'EOC'
#define N 65536
static double X[N], Y[N], Z[N];
static uint64_t sum(void)
{
  uint64_t h = 0;
  int i;
  for (i = 0; i < N; i++)
    h = h * 1000003u + (Z[i] != Z[i] ? 0x7ff8000000000000u : actgen_asu64(Z[i]));
  return h;
}
int main(void)
{
  uint64_t s = 0x9e3779b97f4a7c15u;
  int i;
  for (i = 0; i < N; i++) {
    s ^= s << 13; s ^= s >> 7; s ^= s << 17;
    X[i] = (i & 1) ? actgen_asf64(s) : (double)(int64_t)(s >> 11) * 0x1p-46; /* any bits; or |x| < 2^7 */
    s ^= s << 13; s ^= s >> 7; s ^= s << 17;
    Y[i] = (i & 2) ? actgen_asf64(s) : (double)(int64_t)(s >> 11) * 0x1p-50;
  }
EOC
  for n in $names; do
    if grep -q "actgen_v$n(double [a-z_]*, double" "$top/templates/math/$n.c"; then
      echo "  for (i = 0; i < N; i++) Z[i] = actgen_v$n(X[i], Y[i]);"
    else
      echo "  for (i = 0; i < N; i++) Z[i] = actgen_v$n(X[i]);"
    fi
    printf '  printf("%s %%016llx\\n", (unsigned long long)sum());\n' "$n"
  done
  echo "  return 0;"
  echo "}"
} >"$T/det.c"
fail=0
for cc in gcc clang; do
  for opt in "-O0" "-O3 -march=native"; do
    tag=$(echo "$cc $opt" | tr ' =' '__')
    # shellcheck disable=SC2086
    $cc -std=c99 $opt -ffp-contract=off -o "$T/det_$tag" "$T/det.c" -lm || { echo "$cc $opt: compile failed"; exit 1; }
    "$T/det_$tag" >"$T/out_$tag" || { echo "$cc $opt: run failed"; exit 1; }
    if [ -e "$T/ref" ]; then
      diff "$T/ref" "$T/out_$tag" >"$T/diff" || { echo "$cc $opt differs from $(cat "$T/refname"):"; cat "$T/diff"; fail=1; }
    else
      cp "$T/out_$tag" "$T/ref"
      echo "$cc $opt" >"$T/refname"
    fi
  done
done
[ $fail -eq 0 ] && echo "$(wc -l <"$T/ref") functions: same bits from gcc and clang at -O0 and -O3 -march=native"
exit $fail
