// Dialling helpers: the connect hook's mapping, the EHLO address literal, the testbed's route table.

import { describe, expect, it } from 'vitest';
import { addressLiteral, resolveEndpoint } from '../../src/smtp/connect.js';
import { loopbackRoutes } from '../../src/testbed/smtp-common.js';

describe('resolveEndpoint', () => {
  it('dials the resolved address when given, else the host', async () => {
    expect(await resolveEndpoint({ host: 'mail.example.test', address: '192.0.2.7', port: 25 }, undefined)).toEqual({ host: '192.0.2.7', port: 25 });
    expect(await resolveEndpoint({ host: 'mail.example.test', port: 25 }, undefined)).toEqual({ host: 'mail.example.test', port: 25 });
  });

  it("uses the hook's endpoint, sync or async, and falls through on undefined", async () => {
    const target = { host: 'mail.example.test', port: 25 };
    expect(await resolveEndpoint(target, () => ({ host: '127.0.0.1', port: 2525 }))).toEqual({ host: '127.0.0.1', port: 2525 });
    expect(await resolveEndpoint(target, async () => ({ host: '127.0.0.1', port: 2526 }))).toEqual({ host: '127.0.0.1', port: 2526 });
    expect(await resolveEndpoint(target, () => undefined)).toEqual({ host: 'mail.example.test', port: 25 });
  });
});

describe('addressLiteral (RFC 5321 §4.1.3)', () => {
  it.each([
    ['192.0.2.1', '[192.0.2.1]'],
    ['::ffff:127.0.0.1', '[127.0.0.1]'],
    ['2001:db8::1', '[IPv6:2001:db8::1]'],
    [undefined, '[127.0.0.1]'],
  ])('%s -> %s', (address, literal) => {
    expect(addressLiteral(address)).toBe(literal);
  });
});

describe('loopbackRoutes', () => {
  it('routes host:port first, then host, case-insensitively; leaves the rest alone', async () => {
    const hook = loopbackRoutes({
      'mail.example.test:25': { host: '127.0.0.1', port: 40025 },
      'mail.example.test': { host: '127.0.0.1', port: 40587 },
    });
    expect(await hook({ host: 'MAIL.example.test', port: 25 })).toEqual({ host: '127.0.0.1', port: 40025 });
    expect(await hook({ host: 'mail.example.test', port: 587 })).toEqual({ host: '127.0.0.1', port: 40587 });
    expect(await hook({ host: 'other.example.test', port: 25 })).toBeUndefined();
  });
});
