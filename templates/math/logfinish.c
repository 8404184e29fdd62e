/* needs: bits u52tof logcore */
/* logfinish.c — actgen_log_finish(e, s) = e ln2 + log((1+s)/(1-s)) for
 * |s| <= 0.1716: e ln2hi + (2s + (s^3 R(s^2) + e ln2lo)) with the two-part
 * ln2 of expcore.c (e ln2hi exact), shared by log and log1p. */
static inline double actgen_log_finish(double e, double s)
{
  double z = s * s;
  return e * 0x1.62e42fefa3800p-1 + ((s + s) + ((s * z) * actgen_log_poly(z) + e * 0x1.ef35793c76730p-45));
}
