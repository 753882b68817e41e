// `splitcheck spf` through the CLI (in process, as the user types it) on awkward inputs: exit codes, JSON, escaping, usage errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { runMain } from '../helpers/in-process.js';

describe('splitcheck spf on unseen inputs [adversarial]', () => {
  const SPF_ZONE: Zone = {
    'spf.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 ip6:2001:db8::/32 a:host.spf.example -all exp=why.spf.example' }],
    'host.spf.example': [{ A: '198.51.100.7' }, { AAAA: '2001:db8:ffff::7' }],
    'why.spf.example': [{ TXT: '%{i} is not allowed to send for %{d} (sender %{s})' }],
    'soft.spf.example': [{ TXT: 'v=spf1 ~all' }],
    'neutral.spf.example': [{ TXT: 'v=spf1 ?all' }],
    'ctl.spf.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 -all exp=ctlwhy.spf.example' }],
    'ctlwhy.spf.example': [{ TXT: 'denied\u001b[31m red\u0007' }],
    'esc.spf.example': [{ TXT: 'v=spf1 a:\u001b[2J.spf.example -all' }],
    'slow.spf.example': [{ TXT: 'v=spf1 include:timeout.spf.example -all' }],
    'timeout.spf.example': ['TIMEOUT'],
  };

  let server: DnsTestServer;
  beforeAll(async () => {
    server = await startDnsServer({ zone: SPF_ZONE });
  });
  afterAll(async () => {
    await server.close();
  });
  function spf(args: string[]) {
    return runMain(['spf', ...args, '--resolver', `127.0.0.1:${server.port}`, '--timeout', '400', '--retries', '0']);
  }

  type SpfJson = { result: string; explanation: string | null; lookups: number; voidLookups: number; reason: { text: string } | null };
  async function json(args: string[]): Promise<SpfJson> {
    const r = await spf([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as SpfJson;
    expect(out).toHaveProperty('explanation');
    expect(typeof out.lookups).toBe('number');
    expect(typeof out.voidLookups).toBe('number');
    return out;
  }

  it('exit 0 for every result; JSON has result, explanation and the counts', async () => {
    expect(await json(['spf.example', '--ip', '192.0.2.1'])).toMatchObject({ result: 'pass', explanation: null });
    const fail = await json(['spf.example', '--ip', '203.0.113.9', '--sender', 'alice@spf.example']);
    expect(fail).toMatchObject({ result: 'fail', explanation: '203.0.113.9 is not allowed to send for spf.example (sender alice@spf.example)', lookups: 1 });
    expect((await json(['soft.spf.example', '--ip', '203.0.113.9'])).result).toBe('softfail');
    expect((await json(['neutral.spf.example', '--ip', '203.0.113.9'])).result).toBe('neutral');
    expect(await json(['nothing.spf.example', '--ip', '203.0.113.9'])).toMatchObject({ result: 'none', explanation: null });
    expect((await json(['esc.spf.example', '--ip', '203.0.113.9'])).result).toBe('permerror');
  });

  it('a DNS timeout is temperror, exit 0', async () => {
    const out = await json(['slow.spf.example', '--ip', '203.0.113.9']);
    expect(out.result).toBe('temperror');
    expect(out.reason?.text).toMatch(/timeout\.spf\.example/);
  });

  it('IPv6 clients match ip6 and AAAA; an IPv4-mapped IPv6 client is IPv4 (RFC 7208 §5, as pyspf does)', async () => {
    expect((await json(['spf.example', '--ip', '2001:db8::25'])).result).toBe('pass');
    expect((await json(['spf.example', '--ip', '2001:db8:ffff::7'])).result).toBe('pass');
    expect((await json(['spf.example', '--ip', '2001:dbff::1'])).result).toBe('fail');
    expect((await json(['spf.example', '--ip', '::ffff:192.0.2.1'])).result).toBe('pass');
    expect((await json(['spf.example', '--ip', '::FFFF:198.51.100.7'])).result).toBe('pass'); // a:host, its A record
    expect((await json(['spf.example', '--ip', '::ffff:c000:201'])).result).toBe('pass'); // the same address in hex
    expect((await json(['spf.example', '--ip', '::ffff:192.0.2.2'])).result).toBe('fail');
  });

  it('control characters from DNS TXT data are escaped in the trace and the JSON', async () => {
    const r = await spf(['ctl.spf.example', '--ip', '203.0.113.9']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Result: fail');
    // RFC 7208 §6.2: an explain-string is printable ASCII (macro-literal %x21-7E, SP); anything else means no explanation.
    expect(r.stdout).not.toContain('Explanation:');
    const esc = await spf(['esc.spf.example', '--ip', '203.0.113.9']);
    expect(esc.stdout).toContain('\\x1b[2J');
    const j = await spf(['ctl.spf.example', '--ip', '203.0.113.9', '--json']);
    expect(JSON.parse(j.stdout) as SpfJson).toMatchObject({ result: 'fail', explanation: null });
    for (const out of [r.stdout, esc.stdout, j.stdout]) {
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });

  it('bad usage is exit 2 with one line: missing or bad --ip (a zone index too), a control character in --sender, an empty --helo', async () => {
    const cases: [string[], RegExp][] = [
      [['spf.example'], /Missing required argument: ip/],
      [['spf.example', '--ip', '192.0.2.300'], /--ip "192\.0\.2\.300" is not an IPv4 or IPv6 address/],
      [['spf.example', '--ip', '192.0.2.0/24'], /is not an IPv4 or IPv6 address/],
      [['spf.example', '--ip', 'fe80::1%eth0'], /--ip "fe80::1%eth0" is not an IPv4 or IPv6 address/],
      [['spf.example', '--ip', '192.0.2.1', '--sender', 'a\u001b[31m@spf.example'], /--sender "a\\x1b\[31m@spf\.example" contains a control character/],
      [['spf.example', '--ip', '192.0.2.1', '--sender', 'a\nb@spf.example'], /--sender .* contains a control character/],
      [['spf.example', '--ip', '192.0.2.1', '--helo', ''], /--helo "" is not a HELO name/],
      [['spf.example', '--ip', '192.0.2.1', '--helo', 'mail\u0007.example'], /--helo "mail\\x07\.example" is not a HELO name/],
      [['spf example', '--ip', '192.0.2.1'], /"spf example" is not a domain/],
    ];
    for (const [args, message] of cases) {
      const r = await spf(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      // eslint-disable-next-line no-control-regex
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    }
    // What stays an evaluation (README, RFC 7208 test suite): an invalid but printable HELO, a malformed domain.
    expect((await spf(['spf.example', '--ip', '192.0.2.1', '--helo', "JUMPIN' JUPITER"])).code).toBe(0);
    expect(await json(['spf..example', '--ip', '192.0.2.1'])).toMatchObject({ result: 'none' });
  });
});
