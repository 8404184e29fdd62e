/* smu_demo.c — the whole path from .act to a running kernel.
 *
 * `make` compiles activations/smu.act into generated/smu.c (prefix act_),
 * and this program links it: it runs the forward kernel on an array, then
 * the backward kernel with an upstream gradient of ones, and prints the
 * input gradient and the gradient of the trainable mu.
 */
#include <stdio.h>
#include "smu.h"

int main(void) {
  enum { N = 7 };
  double x[N] = {-3, -1, -0.1, 0, 0.1, 1, 3}, y[N], dy[N], dx[N];
  double theta[act_smu_NTHETA], dtheta[act_smu_NTHETA];
  for (int k = 0; k < act_smu_NTHETA; k++) theta[k] = act_smu_theta_init[k];
  theta[act_smu_THETA_mu] = 2.0;   /* a smoother unit than the initial mu = 1e6 */

  act_smu_forward(N, x, y, theta);
  for (int i = 0; i < N; i++) dy[i] = 1.0;
  act_smu_backward(N, x, dy, dx, theta, dtheta);

  printf("%8s %12s %12s\n", "x", "smu(x)", "dsmu/dx");
  for (int i = 0; i < N; i++) printf("%8.3f %12.6f %12.6f\n", x[i], y[i], dx[i]);
  printf("sum over the batch of dsmu/dmu = %.6f\n", dtheta[act_smu_THETA_mu]);
  return 0;
}
