/* needs: bits u52tof pow2 logcore logfinish */
/* log1pcore.c — actgen_log1p_core(u, d) = log(u + d) for a positive normal
 * finite u and |d| <= ulp(u): u = 2^e m (logcore.c), s = (m - 1 + d 2^-e)
 * /(m + 1) (the d 2^-e in the denominator would change s by less than
 * 2^-53 relative), then logfinish.c.  2^-e as 2^(1-e)/2 is a normal
 * double or (e = 1024) 0, where d 2^-e is negligible.  Shared by log1p and
 * softplus. */
static inline double actgen_log1p_core(double u, double d)
{
  double m, e = actgen_log_split(u, &m);
  return actgen_log_finish(e, ((m - 1.0) + d * (0.5 * actgen_pow2(1.0 - e))) / (m + 1.0));
}
