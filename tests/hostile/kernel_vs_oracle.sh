#!/bin/sh
# kernel_vs_oracle.sh FILE.act TOL X...
# Compile FILE.act (activations without learn items), and compare the
# double kernels' f and df/dx at each X with the MPFR oracle's
# (`actgen eval`, which evaluates the DAG as written and differentiates it
# with its own dual numbers): |kernel - oracle| <= TOL * |oracle| + 1e-300.
# Prints each disagreement; exit status 1 if there is one.
A=${ACTGEN:-./actgen}
file=$1 tol=$2
shift 2
T=$(mktemp -d "${TMPDIR:-/tmp}/kvo.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
names=$(sed -n 's/^ *activation  *\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$file")
"$A" "$file" --prefix k_ --precision double -o "$T/k.c" || { echo "actgen failed on $file"; exit 1; }
{
  echo '#include <stdio.h>'
  echo '#include <stdlib.h>'
  echo '#include "k.c"'
  echo 'int main(int argc, char **argv) {'
  echo '  for (int i = 1; i < argc; i++) {'
  echo '    double x = strtod(argv[i], NULL);'
  for n in $names; do
    printf '    printf("%s %%s %%.17g %%.17g\\n", argv[i], k_%s(x, NULL), k_%s_grad(x, NULL, NULL));\n' "$n" "$n" "$n"
  done
  echo '  }'
  echo '  return 0;'
  echo '}'
} >"$T/main.c"
${CC:-cc} -O2 -std=c99 -w -o "$T/main" "$T/main.c" -lm || { echo "the generated C does not compile"; exit 1; }
"$T/main" "$@" >"$T/kernel" || exit 1
fail=0
while read -r name x kf kd; do
  "$A" eval "$file" "$name" "$x" --digits 25 >"$T/eval" || { echo "eval $name $x failed"; fail=1; continue; }
  of=$(sed -n 's/^f = //p' "$T/eval")
  od=$(sed -n 's|^df/dx = ||p' "$T/eval")
  if ! awk -v k="$kf" -v o="$of" -v kd="$kd" -v od="$od" -v t="$tol" 'function bad(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; return d > t * m + 1e-300 }
      BEGIN { exit (bad(k, o) || bad(kd, od)) ? 1 : 0 }'; then
    echo "$file: $name at x = $x: kernel f = $kf, df/dx = $kd; oracle f = $of, df/dx = $od"
    fail=1
  fi
done <"$T/kernel"
exit $fail
