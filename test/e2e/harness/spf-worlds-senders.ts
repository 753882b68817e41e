// Seeded random split-domain SPF worlds for the per-sender differential: Microsoft-like includes of IPv4 and IPv6 ranges, hosting a: terms, vendors, limits.
import type { Zone, ZoneEntry } from '../../../src/testbed/dns-server.js';
import { formatIp, parseIp4, parseIp6 } from '../../../src/spf/ip.js';
import { prng } from '../../../src/testbed/prng.js';

/** Microsoft's include as it is published (ranges of 2025), shared by every world: the checks look it up by this name. */
export const MICROSOFT_INCLUDE = 'spf.protection.outlook.com';
export const MICROSOFT_RANGES = [
  'ip4:40.92.0.0/15',
  'ip4:40.107.0.0/16',
  'ip4:52.100.0.0/15',
  'ip4:52.102.0.0/16',
  'ip4:52.103.0.0/16',
  'ip4:104.47.0.0/17',
  'ip6:2a01:111:f400::/48',
  'ip6:2a01:111:f403::/49',
  'ip6:2a01:111:f403:8000::/51',
  'ip6:2a01:111:f403:c000::/51',
  'ip6:2a01:111:f403:f000::/52',
];
export const MICROSOFT_RECORD = `v=spf1 ${MICROSOFT_RANGES.join(' ')} -all`;

export interface SenderWorld {
  index: number;
  domain: string;
  /** The hosting server's outbound addresses (--hosting-ip). */
  hosting: string[];
  /** Addresses inside Microsoft's ranges, chosen at random (besides those splitcheck samples itself). */
  microsoft: string[];
  zone: Record<string, ZoneEntry[]>;
  records: Record<string, string>;
}

const QUALIFIED = ['', '', '', '', '', '~', '?'];

class Builder {
  readonly zone: Record<string, ZoneEntry[]> = {};
  readonly records: Record<string, string> = {};
  readonly hosting: string[];
  readonly #v4: string;
  readonly #v6: string;

  constructor(
    readonly rnd: () => number,
    readonly domain: string,
    readonly index: number,
  ) {
    this.#v4 = `10.${index >> 8}.${index & 255}.25`;
    this.#v6 = `2001:db8:${index.toString(16)}::25`;
    this.hosting = this.chance(0.2) ? [this.#v4, this.#v6] : this.chance(0.1) ? [this.#v6] : [this.#v4];
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
  add(name: string, entry: ZoneEntry): void {
    (this.zone[name] ??= []).push(entry);
  }
  publish(name: string, terms: string[]): void {
    const text = ['v=spf1', ...terms].join(' ');
    this.records[name] = text;
    const strings = text.match(/[^]{1,255}/g)!;
    this.add(name, { TXT: strings.length === 1 ? text : strings });
  }

  /** A hosting name (cPanel's webmail, cpanel, mail, the domain itself): A only (common), A and AAAA, or missing. */
  hostingName(name: string): void {
    const roll = this.rnd();
    if (roll < 0.12) return; // NXDOMAIN
    if (roll < 0.2) {
      this.add(name, { TXT: 'no addresses here' }); // NODATA
      return;
    }
    this.add(name, { A: this.#v4 });
    if (roll > 0.7 || this.hosting.includes(this.#v6)) this.add(name, { AAAA: this.#v6 });
  }

  /** A vendor's include: ranges of both families, sometimes nested, sometimes a name that costs a lookup or finds nothing. */
  vendor(k: number, depth = 0): string {
    const name = `v${k}.vendors.s${this.index}.example`;
    const terms: string[] = [];
    for (let i = 0, n = 1 + this.int(3); i < n; i++) terms.push(this.chance(0.6) ? `ip4:198.18.${this.int(256)}.0/24` : `ip6:2001:db8:f${this.int(16).toString(16)}::/48`);
    if (this.chance(0.3)) {
      const host = `h${k}.vendors.s${this.index}.example`;
      if (this.chance(0.7)) this.add(host, { A: `198.19.${this.int(256)}.1` });
      terms.push(`a:${host}`);
    }
    if (depth < 2 && this.chance(0.35)) terms.push(`include:${this.vendor(k * 10 + 1 + this.int(9), depth + 1)}`);
    if (this.chance(0.03)) terms.push('+all'); // a vendor record that authorises everyone
    else terms.push(this.pick(['-all', '~all', '?all']));
    this.publish(name, terms);
    return name;
  }

  /** An address inside one of Microsoft's ranges, at random: the network's bits kept, the rest random. */
  microsoftAddress(): string {
    const range = this.pick(MICROSOFT_RANGES);
    const [address = '', length = ''] = range.slice(4).split('/');
    const network = range.startsWith('ip4:') ? parseIp4(address) : parseIp6(address);
    if (!network) throw new Error(`bad range ${range}`);
    const prefix = Number(length);
    const bytes = network.bytes.map((byte, i) => {
      const keep = Math.max(0, Math.min(8, prefix - i * 8));
      const mask = (0xff << (8 - keep)) & 0xff;
      return (byte & mask) | (this.int(256) & ~mask & 0xff);
    });
    return formatIp({ family: network.family, bytes });
  }

  build(): void {
    const d = this.domain;
    const msMx = `s${this.index}-example.mail.protection.outlook.com`;
    this.add(msMx, { A: `198.51.100.${1 + (this.index % 250)}` });
    this.add(d, { MX: [0, msMx] });
    // The hosting MX left in after the move, now and then (cPanel's "+mx" then still covers it).
    if (this.chance(0.2)) {
      this.add(d, { MX: [10, `mail.${d}`] });
    }
    for (const host of ['webmail', 'cpanel', 'mail']) this.hostingName(`${host}.${d}`);
    this.hostingName(d);

    const pool: string[] = [];
    const microsoft = this.rnd();
    if (microsoft < 0.7) pool.push(`${this.pick(['', '', '', '', '', '', '~', '?'])}include:${MICROSOFT_INCLUDE}`);
    else if (microsoft < 0.85) {
      // Microsoft reached through the domain's own sub-record, as many providers publish it.
      const sub = `_spf.${d}`;
      this.publish(sub, [`include:${MICROSOFT_INCLUDE}`, ...(this.chance(0.5) ? [`ip4:${this.#v4}`] : []), '-all']);
      pool.push(`include:${sub}`);
    } else if (microsoft < 0.9) {
      // Microsoft's ranges copied into the record (flattened), or part of them.
      for (const r of MICROSOFT_RANGES.filter(() => this.chance(0.7))) pool.push(r);
    } // else: Microsoft missing altogether
    if (this.chance(0.5)) pool.push(`${this.pick(QUALIFIED)}a`);
    if (this.chance(0.4)) pool.push(`${this.pick(QUALIFIED)}mx`);
    for (const host of ['webmail', 'cpanel', 'mail']) if (this.chance(0.35)) pool.push(`a:${host}.${d}`);
    if (this.chance(0.15)) pool.push(`a:gone.${d}`);
    if (this.chance(0.5)) pool.push(`ip4:${this.#v4}`);
    if (this.hosting.includes(this.#v6) && this.chance(0.5)) pool.push(`ip6:${this.#v6}`);
    for (let k = 1, n = this.int(4); k <= n; k++) pool.push(`include:${this.vendor(k)}`);
    if (this.chance(0.06)) pool.push(this.pick(['-ip4:40.93.0.0/16', '~ip6:2a01:111:f403:c000::/52', '-ip4:104.47.64.0/18']));
    if (this.chance(0.05)) pool.push(`exists:%{i}._h.${d}`);
    if (this.chance(0.03)) pool.push(this.pick(['ip4:0.0.0.0/0', 'ip6:::/0']));
    // A shuffled order: the include may come first, last, or after the void names that stop IPv6 senders.
    for (let i = pool.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const ending = this.rnd();
    if (ending < 0.5) pool.push('-all');
    else if (ending < 0.8) pool.push('~all');
    else if (ending < 0.88) pool.push('?all');
    else if (ending < 0.93) {
      const r = `_r.${d}`;
      this.publish(r, [`ip4:${this.#v4}`, '-all']);
      pool.push(`redirect=${r}`);
    } else if (ending < 0.95) pool.push('+all');
    this.publish(d, pool);
    // The name the exists:%{i} term asks for the hosting address (%{i} is the dotted address itself, RFC 7208 §7.3).
    this.add(`${this.#v4}._h.${d}`, { A: '127.0.0.2' });
  }
}

/** World `index` of the run seeded `seed`: deterministic, self-contained under `s<index>.example`. */
export function makeSenderWorld(seed: number, index: number): SenderWorld {
  const b = new Builder(prng(seed * 7_919 + index), `s${index}.example`, index);
  b.build();
  const microsoft = Array.from({ length: 3 }, () => b.microsoftAddress());
  return { index, domain: b.domain, hosting: b.hosting, microsoft, zone: b.zone, records: b.records };
}

/** All worlds and Microsoft's record on one server: the names never collide. */
export function senderZone(worlds: readonly SenderWorld[]): Zone {
  const zone: Record<string, ZoneEntry[]> = { [MICROSOFT_INCLUDE]: [{ TXT: MICROSOFT_RECORD }] };
  for (const world of worlds) for (const [name, entries] of Object.entries(world.zone)) zone[name] = entries;
  return zone;
}
