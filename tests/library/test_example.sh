#!/bin/sh
# The example links the generated SMU kernel and runs forward and backward.
# Checked against independent closed forms: with mu = 2 and alpha = 0.25,
# smu(x) = (1.25 x + 0.75 x erf(1.5 x)) / 2.
set -e
T=${TMPDIR:-/tmp}
cc -std=c99 -Wall -Wextra -pedantic -Werror -Igenerated -o "$T/demo" examples/smu_demo.c generated/smu.c -lm
"$T/demo" >"$T/demo.out"
cat > "$T/ref.c" <<'C'
#include <math.h>
#include <stdio.h>
int main(void) {
  double xs[] = {-3, -1, -0.1, 0, 0.1, 1, 3};
  for (int i = 0; i < 7; i++) {
    double x = xs[i], u = 1.5 * x;
    double f = (1.25 * x + 0.75 * x * erf(u)) / 2;
    double d = (1.25 + 0.75 * erf(u) + 0.75 * x * 1.5 * 2 / sqrt(M_PI) * exp(-u * u)) / 2;
    printf("%8.3f %12.6f %12.6f\n", x, f, d);
  }
  return 0;
}
C
cc -std=gnu99 -o "$T/ref" "$T/ref.c" -lm
"$T/ref" >"$T/ref.out"
sed -n '2,8p' "$T/demo.out" | diff - "$T/ref.out"
