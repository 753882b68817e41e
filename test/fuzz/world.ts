// A random split-domain world per iteration: MX, SPF, DKIM, DMARC, autodiscover and smart-host records, from healthy to hostile.
import { generateKeyPairSync } from 'node:crypto';
import type { CheckInput } from '../../src/engine/types.js';
import type { Zone, ZoneEntry } from '../../src/testbed/dns-server.js';
import { hostileName, hostileText, word } from './hostile.js';
import type { Rng } from './prng.js';

export interface World {
  domain: string;
  zone: Zone;
  input: CheckInput;
  /** One line saying what was drawn, for failure reports. */
  summary: string;
}

/** DKIM keys made once per fuzz run: decoding real keys reaches deeper than random base64. */
export interface Keys {
  rsa1024: string;
  rsa2048: string;
  ed25519: string;
}

export function makeKeys(): Keys {
  const spki = (type: 'rsa' | 'ed25519', bits?: number): string =>
    (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: bits ?? 2048 }) : generateKeyPairSync('ed25519')).publicKey
      .export({ format: 'der', type: 'spki' })
      .toString('base64');
  return { rsa1024: spki('rsa', 1024), rsa2048: spki('rsa', 2048), ed25519: spki('ed25519') };
}

const DOMAINS = ['contoso.com', 'example.test', 'fabrikam.co.uk', 'a-b.example', 'xn--bcher-kva.example', 'shop.agency.us'];
const HOSTING_IP = '203.0.113.25';
const MS_A = '198.51.100.10';

/** A TXT entry with the text cut into character-strings of at most 255 octets (the zone refuses longer ones). */
function txt(text: string, size = 255): ZoneEntry {
  const octets = Buffer.from(text, /^[\u0000-\u00ff]*$/.test(text) ? 'latin1' : 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < octets.length; i += size) parts.push(octets.subarray(i, i + size));
  return { TXT: parts.length > 0 ? parts : [''] };
}

class ZoneBuilder {
  readonly zone: Record<string, ZoneEntry[]> = {};
  add(name: string, ...entries: ZoneEntry[]): void {
    const list = this.zone[name] ?? [];
    list.push(...entries);
    this.zone[name] = list;
  }
}

function spfTerms(rng: Rng, domain: string): string[] {
  return [
    'include:spf.protection.outlook.com',
    'include:spf.protection.outlook.com',
    `include:_spf.${domain}`,
    `include:loop.${domain}`,
    `include:nxdomain-${word(rng, 3, 5)}.${domain}`,
    `ip4:${HOSTING_IP}`,
    'ip4:203.0.113.0/24',
    'ip4:192.0.2.1/33',
    'ip6:2001:db8::/32',
    'ip6:2001:db8::1/129',
    'a',
    'mx',
    `a:mail.${domain}`,
    `mx:${domain}/24`,
    'ptr',
    `ptr:${domain}`,
    `exists:%{i}._e.${domain}`,
    `exists:%{l1r-}.%{d2}.${domain}`,
    `include:%{d}.${domain}`,
    `redirect=_spf.${domain}`,
    `exp=explain.${domain}`,
    '-all',
    '~all',
    '?all',
    '+all',
    'all',
    'ipv4:203.0.113.25',
    'include:',
    'ip4:',
    '%{',
    'v=spf1',
    'a/24',
    'mx/0//0',
    word(rng),
    `${word(rng)}=${word(rng)}`,
    hostileText(rng, 2).replace(/ /g, ''),
  ];
}

function spfRecord(rng: Rng, domain: string): string {
  const terms = spfTerms(rng, domain);
  const count = rng.range(0, 8);
  const picked: string[] = [];
  for (let i = 0; i < count; i++) picked.push(rng.pick(terms));
  if (rng.chance(0.1)) for (let i = 0; i < rng.range(10, 60); i++) picked.push(`ip4:10.${rng.int(256)}.${rng.int(256)}.0/24`);
  const separator = rng.chance(0.9) ? ' ' : rng.pick(['  ', '\t', ' \u0000 ']);
  return [rng.chance(0.92) ? 'v=spf1' : rng.pick(['v=spf1', 'V=SPF1', 'v=spf10', 'spf1', 'v=spf1\u001b[31m']), ...picked].join(separator);
}

function dmarcRecord(rng: Rng, domain: string): string {
  return rng.pick([
    `v=DMARC1; p=reject; rua=mailto:dmarc@${domain}`,
    'v=DMARC1; p=none',
    `v=DMARC1; p=quarantine; pct=50; rua=mailto:a@reports.example,mailto:x@${domain}; ruf=mailto:f@${domain}`,
    'v=DMARC1',
    'v=DMARC1; p=bogus; sp=none; adkim=x',
    `v=DMARC1; p=reject; rua=mailto:${hostileText(rng, 2)}@${domain}`,
    `v=DMARC1; p=none; rua=${hostileText(rng)}`,
    hostileText(rng),
    `v=DMARC1;${'; p=none'.repeat(rng.range(1, 40))}`,
    `v=DMARC1; p=reject; rua=mailto:d@rep.example!10m`,
  ]);
}

function dkimRecord(rng: Rng, keys: Keys): string {
  switch (rng.int(8)) {
    case 0:
      return `v=DKIM1; k=rsa; p=${keys.rsa2048}`;
    case 1:
      return `v=DKIM1; k=rsa; p=${keys.rsa1024}`;
    case 2:
      return `v=DKIM1; k=ed25519; p=${keys.ed25519}`;
    case 3:
      return 'v=DKIM1; k=rsa; p=';
    case 4:
      return `v=DKIM1; k=rsa; p=${Buffer.from(hostileText(rng)).toString('base64')}`;
    case 5:
      return `v=DKIM1; k=${hostileText(rng, 1)}; p=${keys.rsa2048.slice(0, rng.int(keys.rsa2048.length))}`;
    case 6:
      return hostileText(rng);
    default:
      return `v=DKIM1; t=y; h=sha1; s=email; n=${hostileText(rng, 2)}; p=${keys.rsa2048}`;
  }
}

export function makeWorld(rng: Rng, keys: Keys): World {
  const domain = rng.pick(DOMAINS);
  const token = domain.replace(/\./g, '-');
  const msMx = `${token}.mail.protection.outlook.com`;
  const mail = `mail.${domain}`;
  const z = new ZoneBuilder();
  const drawn: string[] = [domain];

  // MX: Microsoft first most of the time, then whatever else a real zone can hold.
  const mxKinds = ['microsoft', 'dane', 'hosting', 'hostinger', 'null', 'ip', 'hostile', 'alias', 'dangling', 'many', 'timeout'];
  const mxCount = rng.chance(0.08) ? 0 : rng.range(1, 4);
  const mxDrawn: string[] = [];
  for (let i = 0; i < mxCount; i++) {
    const kind = i === 0 && rng.chance(0.6) ? 'microsoft' : rng.pick(mxKinds);
    mxDrawn.push(kind);
    const pref = rng.pick([0, 0, 5, 10, 10, 20, 65535]);
    switch (kind) {
      case 'microsoft':
        z.add(domain, { MX: [pref, msMx] });
        z.add(msMx, { A: MS_A });
        break;
      case 'dane': {
        const host = `${token}01b.o-v1.mx.microsoft`;
        z.add(domain, { MX: [pref, host] });
        z.add(host, { A: '198.51.100.11' }, { AAAA: '2001:db8::11' });
        break;
      }
      case 'hosting':
        z.add(domain, { MX: [pref, mail] });
        break;
      case 'hostinger':
        z.add(domain, { MX: [pref, 'mx1.hostinger.com'] });
        z.add('mx1.hostinger.com', { A: '203.0.113.6' });
        break;
      case 'null':
        z.add(domain, { MX: [0, '.'] });
        break;
      case 'ip':
        z.add(domain, { MX: [pref, rng.pick(['192.0.2.7', '[192.0.2.7]', '2001:db8::7'])] });
        break;
      case 'hostile': {
        const host = hostileName(rng, domain);
        z.add(domain, { MX: [pref, host] });
        if (rng.chance(0.5)) z.add(host, { A: HOSTING_IP });
        break;
      }
      case 'alias':
        z.add(domain, { MX: [pref, `alias.${domain}`] });
        z.add(`alias.${domain}`, { CNAME: rng.chance(0.5) ? mail : `alias.${domain}` });
        break;
      case 'dangling':
        z.add(domain, { MX: [pref, `gone.${domain}`] });
        break;
      case 'many':
        for (let j = 0; j < rng.range(5, 40); j++) z.add(domain, { MX: [rng.int(100), `mx${j}.${domain}`] });
        break;
      case 'timeout':
        z.add(domain, { MX: [pref, `slow.${domain}`] });
        z.add(`slow.${domain}`, 'TIMEOUT');
        break;
    }
  }
  drawn.push(`mx=${mxDrawn.join('+') || 'none'}`);

  // The smart host: usually the hosting server's A record.
  const mailKind = rng.pick(['a', 'a', 'a+aaaa', 'cname', 'hostile-cname', 'none', 'many']);
  drawn.push(`mail=${mailKind}`);
  switch (mailKind) {
    case 'a':
      z.add(mail, { A: HOSTING_IP });
      break;
    case 'a+aaaa':
      z.add(mail, { A: HOSTING_IP }, { AAAA: '2001:db8::25' });
      break;
    case 'cname':
      z.add(mail, { CNAME: `server.${domain}` });
      z.add(`server.${domain}`, { A: HOSTING_IP });
      break;
    case 'hostile-cname':
      z.add(mail, { CNAME: hostileName(rng, domain) });
      break;
    case 'many':
      for (let j = 0; j < rng.range(3, 30); j++) z.add(mail, { A: `203.0.113.${j + 1}` });
      break;
  }

  // SPF: one record most of the time; sometimes none, two, or hostile.
  const spfCount = rng.pick([1, 1, 1, 1, 0, 2]);
  for (let i = 0; i < spfCount; i++) z.add(domain, txt(spfRecord(rng, domain)));
  if (rng.chance(0.3)) z.add(domain, txt(rng.chance(0.5) ? `google-site-verification=${word(rng, 20, 40)}` : hostileText(rng)));
  z.add('spf.protection.outlook.com', txt('v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 -all'));
  if (rng.chance(0.5)) z.add(`_spf.${domain}`, txt(spfRecord(rng, domain)));
  z.add(`loop.${domain}`, txt(`v=spf1 include:loop.${domain} -all`));
  if (rng.chance(0.3)) z.add(`explain.${domain}`, txt(rng.chance(0.5) ? `%{i} is not allowed for %{d}` : hostileText(rng)));
  drawn.push(`spf=${spfCount}`);

  // DKIM: Microsoft's CNAMEs and the hosting selector.
  const tenant = word(rng, 3, 10);
  for (const selector of ['selector1', 'selector2']) {
    const draw = rng.int(6);
    const target = `${selector}-${token}._domainkey.${tenant}.onmicrosoft.com`;
    if (draw <= 2) {
      z.add(`${selector}._domainkey.${domain}`, { CNAME: target });
      z.add(target, txt(dkimRecord(rng, keys)));
    } else if (draw === 3) {
      z.add(`${selector}._domainkey.${domain}`, { CNAME: hostileName(rng, 'onmicrosoft.com') });
    } else if (draw === 4) {
      z.add(`${selector}._domainkey.${domain}`, txt(dkimRecord(rng, keys)));
    }
  }
  const dkimSelector = rng.chance(0.25) ? rng.pick(['mail', 's1', 'x']) : undefined;
  if (rng.chance(0.7)) z.add(`${dkimSelector ?? 'default'}._domainkey.${domain}`, txt(dkimRecord(rng, keys)));

  // DMARC, and the external reporting authorisation (RFC 7489 §7.1).
  const dmarcCount = rng.pick([1, 1, 1, 0, 2]);
  for (let i = 0; i < dmarcCount; i++) z.add(`_dmarc.${domain}`, txt(dmarcRecord(rng, domain)));
  if (rng.chance(0.5)) z.add(`${domain}._report._dmarc.reports.example`, txt(rng.chance(0.7) ? 'v=DMARC1' : hostileText(rng)));

  // Autodiscover.
  const ad = rng.int(6);
  if (ad <= 2) z.add(`autodiscover.${domain}`, { CNAME: 'autodiscover.outlook.com' });
  else if (ad === 3) z.add(`autodiscover.${domain}`, { CNAME: hostileName(rng, domain) });
  else if (ad === 4) z.add(`autodiscover.${domain}`, { A: HOSTING_IP });
  z.add('autodiscover.outlook.com', { CNAME: 'autod.ms-acdc.office.com' });
  z.add('autod.ms-acdc.office.com', { A: '198.51.100.20' });
  if (rng.chance(0.4)) {
    const target = rng.pick(['autodiscover.outlook.com', '.', `mail.${domain}`, hostileName(rng, domain)]);
    z.add(`_autodiscover._tcp.${domain}`, { SRV: [rng.int(20), rng.int(100), rng.pick([443, 0, 65535]), target] });
  }

  // A zone apex SOA for negative answers, sometimes with odd timers.
  if (rng.chance(0.6)) {
    z.add(domain, { SOA: [`ns1.${domain}`, rng.chance(0.8) ? `hostmaster.${domain}` : hostileName(rng, domain), rng.int(2 ** 31), 7200, 3600, 1209600, rng.pick([0, 300, 3600, 86400, 2 ** 31 - 1])] });
  }
  if (rng.chance(0.05)) z.add(domain, 'TIMEOUT');

  const input: CheckInput = { noSmtp: true, probeLocalPart: 'splitcheck-probe-fuzz' };
  if (rng.chance(0.5)) input.hostingIps = [HOSTING_IP];
  if (rng.chance(0.3)) input.smartHost = { host: mail, port: 25 };
  if (dkimSelector !== undefined) input.dkimSelector = dkimSelector;
  if (rng.chance(0.2)) input.mailboxes = [`anna@${domain}`];
  if (rng.chance(0.1)) input.expectedMxHost = msMx;
  if (rng.chance(0.1)) input.expectedCloud = rng.pick(['commercial', 'gcc-high', 'dod', 'china'] as const);

  return { domain, zone: z.zone, input, summary: drawn.join(' ') };
}
