// Seeded random split-domain SPF worlds for the pyspf differential test: records, the zone data they need, a client IP.
import type { Zone, ZoneEntry } from '../../../src/testbed/dns-server.js';
import { prng } from '../../../src/testbed/prng.js';

export interface SpfWorld {
  index: number;
  /** The top domain; also the suffix of every name the world uses. */
  domain: string;
  ip: string;
  /** Owner name to entries; names of the form `sf<n>.<domain>` are answered SERVFAIL (see SERVFAIL_LABEL). */
  zone: Record<string, ZoneEntry[]>;
  /** Each SPF record published, by owner name (for messages). */
  records: Record<string, string>;
}

/** Names whose first label starts with this are answered SERVFAIL by the differential test's server. */
export const SERVFAIL_LABEL = /^sf\d+\./;

const QUALIFIERS = ['', '', '', '', '+', '-', '-', '~', '~', '?', '?'];

class Builder {
  readonly zone: Record<string, ZoneEntry[]> = {};
  readonly records: Record<string, string> = {};
  #counter = 0;
  #recordBudget: number;
  readonly #v6: boolean;
  /** The client's address without its last group/octet, and that last part. */
  readonly #base: string;
  readonly #host: number;

  constructor(
    readonly rnd: () => number,
    readonly domain: string,
    index: number,
  ) {
    this.#v6 = rnd() < 0.25;
    this.#host = 1 + this.int(250);
    // The world index in the address keeps every world's reverse (PTR) name its own on the shared server.
    this.#base = this.#v6 ? `2001:db8:${index.toString(16)}::` : `10.${index >> 8}.${index & 255}.`;
    this.#recordBudget = 2 + this.int(7);
  }

  get ip(): string {
    return this.#v6 ? `${this.#base}${this.#host.toString(16)}` : `${this.#base}${this.#host}`;
  }

  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  fresh(prefix: string): string {
    return `${prefix}${this.#counter++}.${this.domain}`;
  }
  add(name: string, entry: ZoneEntry): void {
    (this.zone[name] ??= []).push(entry);
  }

  /** An address of `family` near the client: the client itself with probability `hit`, else a neighbour. */
  address(family: 4 | 6, hit: number): string {
    const mine = (family === 6) === this.#v6;
    if (mine && this.chance(hit)) return this.ip;
    const last = 1 + this.int(254);
    if (family === 4) return mine ? `${this.#base}${last}` : `192.0.2.${last}`;
    return mine ? `${this.#base}${last.toString(16)}` : `2001:db8:ffff::${last.toString(16)}`;
  }

  /** A name for `a`/`mx` hosts and `exists`: with addresses, NXDOMAIN, NODATA, or (rarely) SERVFAIL. */
  host(hit: number): string {
    const roll = this.rnd();
    if (roll < 0.1) return this.fresh('nx'); // never added: NXDOMAIN
    if (roll < 0.18) {
      const name = this.fresh('nodata');
      this.add(name, { TXT: 'no addresses here' });
      return name;
    }
    if (roll < 0.2) {
      const name = this.fresh('sf');
      this.add(name, { TXT: 'answered SERVFAIL' });
      return name;
    }
    const name = this.fresh('h');
    this.addresses(name, hit);
    return name;
  }

  /** A and/or AAAA records at `name` (sometimes only the other family: NODATA for the client's). */
  addresses(name: string, hit: number): void {
    const families: Array<4 | 6> = this.chance(0.7) ? [4, 6] : this.chance(0.5) ? [4] : [6];
    for (const family of families) {
      for (let i = 0, n = 1 + this.int(2); i < n; i++) this.add(name, family === 4 ? { A: this.address(4, hit) } : { AAAA: this.address(6, hit) });
    }
  }

  mxTarget(name: string, hit: number): void {
    const exchanges: Array<[number, string]> = [];
    for (let i = 0, n = 1 + this.int(3); i < n; i++) exchanges.push([10 * (i + 1), this.host(hit)]);
    // Served in preference order or not: an RRset has no order (RFC 2181 §5), and the result must not depend on it.
    if (exchanges.length > 1 && this.chance(0.5)) exchanges.reverse();
    for (const mx of exchanges) this.add(name, { MX: mx });
  }

  cidr(kind: 'a' | 'ip4' | 'ip6'): string {
    if (!this.chance(0.35)) return '';
    const v4 = this.pick([32, 30, 28, 24, 16]);
    const v6 = this.pick([128, 124, 112, 64, 48]);
    if (kind === 'ip4') return `/${v4}`;
    if (kind === 'ip6') return `/${v6}`;
    return this.pick([`/${v4}`, `//${v6}`, `/${v4}//${v6}`]);
  }

  /** The target of include/redirect: a new record, a loop, a diamond, or one that yields none. */
  spfTarget(depth: number, path: string[], hit: number): string {
    const roll = this.rnd();
    const existing = Object.keys(this.records).filter((n) => !path.includes(n));
    if (roll < 0.07) return this.pick(path); // a loop (sometimes to this very record)
    if (roll < 0.12 && existing.length > 0) return this.pick(existing); // a diamond
    if (roll < 0.17) return this.fresh('nospf'); // NXDOMAIN
    if (roll < 0.2) {
      const name = this.fresh('nospf');
      this.add(name, { TXT: 'google-site-verification=not-spf' });
      return name;
    }
    if (roll < 0.21) return this.fresh('sf'); // SERVFAIL (the zone has no entry: NXDOMAIN in the counterfactual)
    if (depth >= 3 || this.#recordBudget <= 0) return this.fresh('nospf');
    const name = this.fresh('spf');
    this.record(name, depth + 1, [...path, name], hit);
    return name;
  }

  /** Publishes an SPF record at `name`, with whatever records its terms need. */
  record(name: string, depth: number, path: string[], hit: number, wide = false): void {
    this.#recordBudget--;
    this.records[name] = ''; // reserved: a loop back here finds it
    if (this.chance(0.4)) this.addresses(name, hit);
    if (this.chance(0.3)) this.mxTarget(name, hit);
    const terms: string[] = [];
    const count = wide ? 9 + this.int(5) : 1 + this.int(5);
    for (let i = 0; i < count; i++) {
      const q = this.pick(QUALIFIERS);
      const kind = wide
        ? this.pick(['a', 'mx', 'exists', 'include', 'a', 'ip4'])
        : this.pick(['ip4', 'ip4', 'ip4', 'ip6', 'ip6', 'a', 'a', 'a', 'mx', 'mx', 'include', 'include', 'include', 'exists', 'ptr'].filter((k) => k !== 'ptr' || this.chance(0.3)));
      switch (kind) {
        case 'ip4':
        case 'ip6':
          terms.push(`${q}${kind}:${this.address(kind === 'ip4' ? 4 : 6, hit)}${this.cidr(kind)}`);
          break;
        case 'a':
          terms.push(`${q}a${this.chance(0.4) ? '' : `:${this.host(hit)}`}${this.cidr('a')}`);
          break;
        case 'mx': {
          let target = '';
          if (this.chance(0.6)) {
            target = this.chance(0.15) ? this.host(0) : this.fresh('mx');
            if (target.startsWith('mx')) this.mxTarget(target, hit);
          }
          terms.push(`${q}mx${target ? `:${target}` : ''}${this.cidr('a')}`);
          break;
        }
        case 'include':
          terms.push(`${q}include:${this.spfTarget(depth, path, hit)}`);
          break;
        case 'exists': {
          const target = this.chance(0.5) ? this.fresh('x') : this.host(0);
          if (target.startsWith('x')) this.add(target, { A: '127.0.0.2' });
          terms.push(`${q}exists:${target}`);
          break;
        }
        case 'ptr':
          terms.push(`${q}ptr${this.chance(0.5) ? '' : `:${this.domain}`}`);
          break;
      }
    }
    const ending = this.rnd();
    if (ending < 0.6) terms.push(`${this.pick(QUALIFIERS)}all`);
    if (ending > 0.55 && ending < 0.8) terms.push(`redirect=${this.spfTarget(depth, path, hit)}`);
    const text = ['v=spf1', ...terms].join(' ');
    this.records[name] = text;
    // One TXT record of ≤255-octet character-strings (RFC 7208 §3.3: joined without spaces).
    const strings = text.match(/[^]{1,255}/g)!;
    this.add(name, { TXT: strings.length === 1 ? text : strings });
  }

  /** PTR records for the client (any `ptr` may use them), names at or below the world's domain or elsewhere. */
  ptr(hit: number): void {
    const reverse = this.#v6 ? ip6Reverse(this.ip) : `${this.ip.split('.').reverse().join('.')}.in-addr.arpa`;
    for (let i = 0, n = this.int(3); i < n; i++) {
      const name = this.chance(0.7) ? this.fresh('ptr') : `ptr${this.int(1000)}.elsewhere.invalid`;
      this.add(reverse, { PTR: name });
      // Both families, so validating a name is never a void lookup (the void-count deviation is tested via mx).
      this.add(name, { A: this.address(4, hit) });
      this.add(name, { AAAA: this.address(6, hit) });
    }
  }
}

function ip6Reverse(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const full = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => g.padStart(4, '0')).join('');
  return `${[...full].reverse().join('.')}.ip6.arpa`;
}

/** World `index` of the run seeded `seed`: deterministic, self-contained under `w<index>.example`. */
export function makeWorld(seed: number, index: number): SpfWorld {
  const b = new Builder(prng(seed * 100_003 + index), `w${index}.example`, index);
  // Per-address chance of being the client: some worlds match nothing at all.
  const hit = b.chance(0.15) ? 0 : b.pick([0.05, 0.1, 0.2]);
  const roll = b.rnd();
  if (roll < 0.03) {
    // No record at the top: NXDOMAIN, or names with other TXT only.
    if (b.chance(0.5)) b.add(b.domain, { TXT: 'v=spf10 not a record' });
  } else {
    b.record(b.domain, 0, [b.domain], hit, roll > 0.9);
  }
  b.ptr(hit);
  return { index, domain: b.domain, ip: b.ip, zone: b.zone, records: b.records };
}

/** All worlds' zone data on one server: the names never collide (each world lives under its own domain). */
export function mergeZones(worlds: readonly SpfWorld[], transform: (name: string, entries: ZoneEntry[]) => ZoneEntry[] = (_, e) => e): Zone {
  const zone: Record<string, ZoneEntry[]> = {};
  for (const world of worlds) for (const [name, entries] of Object.entries(world.zone)) zone[name] = transform(name, entries);
  return zone;
}
