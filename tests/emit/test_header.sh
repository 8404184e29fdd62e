#!/bin/sh
# The header (-H) compiles on its own, from C and C++, and matches the .c:
# a program that includes it and calls every public function and macro
# compiles without warnings and links with the generated .c (which does not
# include the header itself). Done for both precisions and for each alone.
A=${ACTGEN:-./actgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/emit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
FLAGS="-std=c99 -Wall -Wextra -pedantic -Werror"
fail=0

cat >"$T/use_double.c" <<'C'
#include "act.h"
#include <stdio.h>
int main(void) {
  double x[3] = {-1.0, 0.5, 2.0}, y[3], dy[3] = {1.0, 1.0, 1.0}, dx[3];
  double th[t_swq_NTHETA], d[t_swq_NTHETA];
  for (int k = 0; k < t_swq_NTHETA; k++) th[k] = t_swq_theta_init[k];
  th[t_swq_THETA_beta] = 1.0;
  th[t_swq_THETA_w + t_swq_THETA_w_SIZE - 1] = 0.0;
  double s = t_swq(0.5, th) + t_swq_grad(0.5, th, d) + t_swq_grad(0.5, th, NULL);
  t_swq_forward(3, x, y, th);
  t_swq_backward(3, x, dy, dx, th, d);
  s += t_mish(0.5, NULL) + t_mish_grad(0.5, NULL, NULL) + t_mish_theta_init[0] * t_mish_NTHETA;
  t_mish_forward(3, x, y, NULL);
  t_mish_backward(3, x, dy, dx, NULL, NULL);
  printf("%g %g %g\n", s, y[0], dx[0]);
  return 0;
}
C
cat >"$T/use_float.c" <<'C'
#include "act.h"
#include <stdio.h>
int main(void) {
  float x[3] = {-1.0f, 0.5f, 2.0f}, y[3], dy[3] = {1.0f, 1.0f, 1.0f}, dx[3];
  float th[t_swq_NTHETA], d[t_swq_NTHETA];
  for (int k = 0; k < t_swq_NTHETA; k++) th[k] = t_swq_theta_initf[k];
  float s = t_swqf(0.5f, th) + t_swq_gradf(0.5f, th, d) + t_swq_gradf(0.5f, th, NULL);
  t_swq_forwardf(3, x, y, th);
  t_swq_backwardf(3, x, dy, dx, th, d);
  s += t_mishf(0.5f, NULL) + t_mish_gradf(0.5f, NULL, NULL) + t_mish_theta_initf[0] * t_mish_NTHETA;
  t_mish_forwardf(3, x, y, NULL);
  t_mish_backwardf(3, x, dy, dx, NULL, NULL);
  printf("%g %g %g\n", (double)s, (double)y[0], (double)dx[0]);
  return 0;
}
C

for p in both double float; do
  "$A" tests/emit/runtime.act --prefix t_ --precision $p -o "$T/act.c" -H "$T/act.h" || { echo "actgen failed (--precision $p)"; fail=1; continue; }
  if grep -q '#include "' "$T/act.c"; then echo "the .c includes a header"; fail=1; fi
  printf '#include "act.h"\n' >"$T/only.c"
  $CC $FLAGS -I"$T" -c "$T/only.c" -o "$T/only.o" || { echo "header alone does not compile (--precision $p)"; fail=1; }
  if command -v c++ >/dev/null 2>&1; then
    c++ -x c++ -Wall -Wextra -pedantic -Werror -fsyntax-only "$T/act.h" || { echo "header is not valid C++ (--precision $p)"; fail=1; }
  fi
  # The .c repeats the header's declarations: both must agree exactly.
  cat "$T/act.h" "$T/act.c" >"$T/together.c"
  $CC $FLAGS -c "$T/together.c" -o "$T/together.o" || { echo "header and .c disagree (--precision $p)"; fail=1; }
  $CC $FLAGS -c "$T/act.c" -o "$T/act.o" || { fail=1; continue; }
  for use in double float; do
    [ $p = both ] || [ $p = $use ] || continue
    $CC $FLAGS -I"$T" "$T/use_$use.c" "$T/act.o" -lm -o "$T/use" && "$T/use" >/dev/null ||
      { echo "a program using the $use API does not build or run (--precision $p)"; fail=1; }
  done
done
exit $fail
