// Parsing --resolver values and the system resolver list.
import { describe, expect, it } from 'vitest';
import { formatServer, parseServerAddress, parseServerList, systemServers } from '../../src/dns/servers.js';

describe('parseServerAddress', () => {
  it.each([
    ['1.1.1.1', { host: '1.1.1.1', port: 53 }],
    [' 9.9.9.9 ', { host: '9.9.9.9', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['[2606:4700:4700::1111]:53', { host: '2606:4700:4700::1111', port: 53 }],
    ['[::1]:5300', { host: '::1', port: 5300 }],
    ['[::1]', { host: '::1', port: 53 }],
    ['2001:db8::53', { host: '2001:db8::53', port: 53 }],
    ['::1', { host: '::1', port: 53 }],
  ])('accepts %j', (value, server) => {
    expect(parseServerAddress(value)).toEqual({ ok: true, server });
  });

  it.each([
    ['', /empty/],
    ['dns.google', /is a name, not an IP address/],
    ['dns.google:53', /is a name/],
    ['1.2.3', /not an IPv4 address/],
    ['1.2.3.4:0', /not a port number/],
    ['1.2.3.4:65536', /not a port number/],
    ['1.2.3.4:53x', /not a port number/],
    ['1.2.3.4:', /not a port number/],
    ['[1.2.3.4]:53', /not an IPv6 address/],
    ['[::1]:', /not a port number/],
    ['2001:db8::zz', /not an IPv6 address/],
    ['2001:db8::1:53:99999', /not an IPv6 address/],
  ])('refuses %j with a one-line message', (value, why) => {
    const result = parseServerAddress(value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(why);
      expect(result.error).toContain(`"${value}"`);
      expect(result.error).not.toContain('\n');
    }
  });
});

describe('parseServerList', () => {
  it('parses all or reports the first bad value', () => {
    expect(parseServerList(['1.1.1.1', '[::1]:53'])).toEqual({ ok: true, servers: [{ host: '1.1.1.1', port: 53 }, { host: '::1', port: 53 }] });
    const bad = parseServerList(['1.1.1.1', 'resolver.local']);
    expect(bad.ok).toBe(false);
    expect(parseServerList([]).ok).toBe(false);
  });
});

describe('systemServers', () => {
  it('accepts every form dns.getServers() produces', () => {
    expect(systemServers(['1.2.3.4', '1.2.3.4:5353', '::1', '[::1]:53'])).toEqual({
      ok: true,
      servers: [
        { host: '1.2.3.4', port: 53 },
        { host: '1.2.3.4', port: 5353 },
        { host: '::1', port: 53 },
        { host: '::1', port: 53 },
      ],
    });
  });

  it('is a clear error when the system has none', () => {
    const result = systemServers([]);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/no system DNS resolver.*--resolver/) });
  });

  it('reads the real system list without throwing', () => {
    const result = systemServers();
    expect(typeof result.ok).toBe('boolean');
    if (result.ok) expect(result.servers.length).toBeGreaterThan(0);
  });
});

describe('formatServer', () => {
  it('brackets IPv6', () => {
    expect(formatServer({ host: '10.0.0.1', port: 53 })).toBe('10.0.0.1:53');
    expect(formatServer({ host: '2001:db8::1', port: 5353 })).toBe('[2001:db8::1]:5353');
  });
});
