// MTA-STS MX matching (RFC 8461 §4.1): which `mx:` pattern, if any, covers an MX host name.

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * RFC 8461 §4.1: a pattern matches the MX host exactly (case-insensitively), or, as `*.suffix`, a host
 * with exactly one more label on the left: `*.example.com` matches `mx1.example.com`, not `example.com`
 * nor `a.b.example.com`.
 */
export function mxPatternMatches(pattern: string, host: string): boolean {
  const p = canonical(pattern);
  const h = canonical(host);
  if (p.startsWith('*.')) {
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === p.slice(2);
  }
  return p === h;
}

/** The first pattern matching the host, or undefined. */
export function matchingPattern(patterns: readonly string[], host: string): string | undefined {
  return patterns.find((p) => mxPatternMatches(p, host));
}

/** The pattern to add for an MX host: its parent with a wildcard (`x.mail.protection.outlook.com` → `*.mail.protection.outlook.com`). */
export function wildcardFor(host: string): string {
  const h = canonical(host);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1).includes('.') ? `*.${h.slice(dot + 1)}` : h;
}
