// SOA serial numbers compared with RFC 1982 serial-number arithmetic (32-bit, wrapping).

const HALF = 2 ** 31;

/**
 * Negative when `a` is older than `b`, positive when newer, 0 when equal (RFC 1982 §3.2, SERIAL_BITS = 32).
 * Serials exactly 2^31 apart are undefined by the RFC; they compare by plain value here.
 */
export function compareSerials(a: number, b: number): number {
  if (a === b) return 0;
  const diff = (b - a + 2 ** 32) % 2 ** 32;
  if (diff === HALF) return a - b;
  return diff < HALF ? -1 : 1;
}

/** The newest of some serials (RFC 1982 order), or undefined for none. */
export function newestSerial(serials: readonly number[]): number | undefined {
  let newest: number | undefined;
  for (const s of serials) if (newest === undefined || compareSerials(s, newest) > 0) newest = s;
  return newest;
}
