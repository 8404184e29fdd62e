"""random_expressions.py SEED COUNT DIR — write COUNT .act files (DIR/eN.act)
of random expressions from a fixed seed: every builtin, the operators,
conditions (all comparisons, and/or/not), sums over a learn vector (and
nested sums indexing it by arithmetic on both indices), fn and param items,
let, the orthogonal polynomials up to degree 60, integer powers up to the
limit of exponents (and negative), real and theta exponents, constants at
the ends of the double range (1e300, 1e-320, 0, -0) and learn items. Deterministic: Python's random with a seed
gives the same files on every machine. Used by test_random_expressions.sh;
such searches found six bugs that hand-written inputs had missed (a SIGFPE,
a SIGSEGV, a GMP abort, an int overflow, internal errors)."""
import os
import random
import sys

HEADER = ("learn c = 0.75\nlearn a[3] = {0.5, -1, 2}\nparam b = 3\n"
          "fn g(u) = u * sigmoid(u)\nfn h(u, v) = u / (1 + abs(v))\n")
LEAVES = ["x", "x", "x", "c", "a[0]", "a[2]", "b", "1", "2", "0", "-0", "1e300", "1e-300", "3.5", "0.5",
          "1e-320", "1e308", "pi", "e"]
UNARY = ["exp", "log", "sqrt", "abs", "sign", "tanh", "sigmoid", "softplus", "erf", "erfc", "expm1",
         "log1p", "relu", "atan", "sinh", "cosh", "cbrt", "sin", "cos", "g"]
BINARY = ["hypot", "max", "min", "pow", "h"]
ORTHOGONAL = ["hermite", "hermite_e", "chebyshev_t", "chebyshev_u", "laguerre", "legendre"]
POWERS = [0, 1, 2, 3, -1, -2, 7, 999999, -999999, 1000000, 65537]


def cond(rng, depth):
    r = rng.random()
    if depth > 0 and r < 0.15:
        return "not (%s)" % cond(rng, depth - 1)
    if depth > 0 and r < 0.3:
        return "(%s) %s (%s)" % (cond(rng, depth - 1), rng.choice(["and", "or"]), cond(rng, depth - 1))
    return "%s %s %s" % (expr(rng, depth - 1), rng.choice(["<", "<=", ">", ">=", "==", "!="]),
                         expr(rng, depth - 1))


def expr(rng, depth):
    if depth <= 0 or rng.random() < 0.2:
        return rng.choice(LEAVES)
    r = rng.random()
    if r < 0.3:
        return "(%s %s %s)" % (expr(rng, depth - 1), rng.choice("+-*/"), expr(rng, depth - 1))
    if r < 0.5:
        return "%s(%s)" % (rng.choice(UNARY), expr(rng, depth - 1))
    if r < 0.6:
        return "%s(%s, %s)" % (rng.choice(BINARY), expr(rng, depth - 1), expr(rng, depth - 1))
    if r < 0.7:
        return "(%s)^%d" % (expr(rng, depth - 1), rng.choice(POWERS))
    if r < 0.8:
        return "if %s then %s else %s" % (cond(rng, depth - 1), expr(rng, depth - 1), expr(rng, depth - 1))
    if r < 0.88:
        return "sum(k = 0..2, a[k] * (%s)^k)" % expr(rng, depth - 1)
    if r < 0.91:
        return "(%s)^(%s)" % (expr(rng, depth - 1), rng.choice(["0.5", "c", "x", "-1.5"]))
    if r < 0.94:
        return "%s(%d, %s)" % (rng.choice(ORTHOGONAL), rng.choice([0, 1, 2, 3, 5, 8, 20, 60]), expr(rng, depth - 1))
    if r < 0.96:   # a let whose body reads the bound name where it read x first
        return "(let t = %s in %s)" % (expr(rng, depth - 1), expr(rng, depth - 1).replace("x", "t", 1))
    if r < 0.98:   # nested sums, indices in arithmetic
        return "sum(i = 0..%d, sum(j = 0..i, a[(i + j) %% 3] * (%s)^(i - j)))" % (rng.choice([1, 2, 4]),
                                                                               expr(rng, depth - 1))
    return "-%s" % expr(rng, depth - 1)


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    for i in range(count):
        with open(os.path.join(out, "e%d.act" % i), "w") as f:
            f.write(HEADER + "activation f(x) = %s\n" % expr(rng, 4))


main()
