// Domain argument parsing: punycode, trailing dot, and refusals with hints.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDomain } from '../../src/cli/domain.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { INPUT_ZONE, refusalChecker, scratchDir } from '../helpers/cli-input.js';
import { runMain } from '../helpers/in-process.js';

describe('parseDomain', () => {
  it('normalises', () => {
    expect(parseDomain('Contoso.COM')).toBe('contoso.com');
    expect(parseDomain('contoso.com.')).toBe('contoso.com');
    expect(parseDomain(' münchen.de ')).toBe('xn--mnchen-3ya.de');
    expect(parseDomain('例え.テスト')).toBe('xn--r8jz45g.xn--zckzah');
  });
  it.each([
    ['user@contoso.com', /e-mail address.*contoso\.com/],
    ['contoso', /not a full domain name/],
    ['-bad.com', /not a valid domain/],
    ['a..b.com', /not a valid domain/],
    ['x'.repeat(64) + '.com', /not a valid domain/],
    ['10.0.0.1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['http://contoso.com', /URL/],
    ['evil\u001b[2J.com', /not a valid domain/],
    ['', /no domain/],
  ])('refuses %j', (input, message) => {
    expect(() => parseDomain(input)).toThrow(message);
  });
  it('escapes control characters in the refusal it prints', () => {
    expect(() => parseDomain('evil\u001b[2J.com')).toThrow(/evil\\x1b\[2J\.com/);
  });
});

describe('the domain argument [adversarial]', () => {
  // A loopback zone full of awkward DNS text, for this block's own runs.
  let server: DnsTestServer;
  let resolver: string;
  const root = mkdtempSync(join(tmpdir(), 'splitcheck-input-'));
  const NET = () => ['--resolver', resolver, '--timeout', '300', '--retries', '0', '--no-smtp'];
  const expectRefusal = refusalChecker(() => server);
  const dir = scratchDir(root);
  beforeAll(async () => {
    server = await startDnsServer({ zone: INPUT_ZONE });
    resolver = `127.0.0.1:${server.address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  // node:url's domainToASCII parses a URL host: it cut these down to another, valid-looking domain.
  it.each([
    ['contoso.com/', /"\/" cannot be part of one/],
    ['contoso.com?x', /"\?" cannot be part of one/],
    ['contoso.com#x', /"#" cannot be part of one/],
    ['a%41.com', /"%" cannot be part of one/],
    ['con\ttoso.com', /"\\x09" cannot be part of one/],
    ['con\ntoso.com', /"\\x0a" cannot be part of one/],
    ['contoso.com\\x', /"\\" cannot be part of one/],
    ['contoso.com:25', /":" cannot be part of one/],
  ])('refuses %j instead of checking a domain the user did not type', (input, message) => {
    expect(() => parseDomain(input)).toThrow(message);
  });

  it('still accepts upper case, a trailing dot, IDN, punycode and surrounding spaces', () => {
    expect(parseDomain('CONTOSO.COM.')).toBe('contoso.com');
    expect(parseDomain('bücher.de')).toBe('xn--bcher-kva.de');
    expect(parseDomain('xn--bcher-kva.de')).toBe('xn--bcher-kva.de');
    expect(parseDomain('  contoso.com  ')).toBe('contoso.com');
  });

  it('cuts what it quotes of a huge argument', () => {
    let message = '';
    try {
      parseDomain(`${'a'.repeat(300)}.com/`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not a valid domain/);
    expect(message.length).toBeLessThan(300);
  });

  const refused: Array<[string, RegExp]> = [
    ['', /no domain given/],
    ['.', /not a valid domain/],
    ['..', /not a valid domain/],
    ['a..b', /not a valid domain/],
    [`${'a'.repeat(64)}.com`, /not a valid domain/],
    [`${'abcdefghi.'.repeat(26)}com`, /not a valid domain/],
    ['_underscore.com', /not a valid domain/],
    ['192.0.2.1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['http://contoso.com/', /URL/],
    ['user@contoso.com', /e-mail address.*contoso\.com/],
    ['contoso.com/', /not a valid domain name: "\/"/],
    ['con\ttoso.com', /not a valid domain name/],
    ['evil\u001b[2J.com', /evil\\x1b\[2J\.com/],
  ];
  it.each(refused)('splitcheck %j: exit 2, one line, nothing asked', async (input, message) => {
    const before = server.queries.length;
    expectRefusal(await runMain([input, ...NET(), '--json']), message, before);
  });

  it('a domain starting with "-" is named as such, not as unknown flags "c, n, t, s"', async () => {
    const r = await runMain(['-contoso.com', ...NET(), '--json']);
    expectRefusal(r, /"-contoso\.com" is not a valid domain name/);
  });

  it('a lone "-" points at --domains-file -', async () => {
    expectRefusal(await runMain(['-', ...NET()]), /"-" is not a domain.*--domains-file -/);
  });
});
