/**
 * Python's `repr(float)` (what `str(x)` prints), for messages that quote a posted number as DRF
 * does. Both languages print the shortest digits that read back as the same double; they differ
 * only in layout: Python switches to an exponent below 1e-4 and from 1e16 (JS: 1e-6 and 1e21),
 * writes at least two exponent digits (`1e-07`, JS `1e-7`) and keeps `.0` on a whole float.
 * @example pythonFloatRepr(1e16) // '1e+16'; pythonFloatRepr(5) // '5.0'; pythonFloatRepr(1e-7) // '1e-07'
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // `toExponential()` without an argument gives the shortest round-trip digits: `d.ddde±x`.
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}
