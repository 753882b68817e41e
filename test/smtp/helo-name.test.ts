// The default EHLO name: the machine's FQDN when it is public-looking, else undefined (the probe's address literal).
import { describe, expect, it } from 'vitest';
import { defaultHeloName, isAddressLiteral, isHostName } from '../../src/smtp/helo-name.js';

describe('defaultHeloName (RFC 5321 §4.1.4: the primary host name, or an address literal)', () => {
  it.each([
    ['vps12.example.net', 'vps12.example.net'],
    ['VPS12.Example.NET.', 'vps12.example.net'],
    ['mail.hosting-provider.co.uk', 'mail.hosting-provider.co.uk'],
    // Short names and container ids: no name a server could look up.
    ['vm', undefined],
    ['3f2a9c1b7d4e', undefined],
    ['localhost', undefined],
    // Private suffixes a home router or an installer hands out: never in public DNS.
    ['laptop.local', undefined],
    ['pc.localdomain', undefined],
    ['nas.fritz.box', undefined],
    ['desk.home.arpa', undefined],
    ['build.internal', undefined],
    ['runner.lan', undefined],
    // Not host names at all.
    ['under_score.example.net', undefined],
    ['-dash.example.net', undefined],
    ['1.2.3.4', undefined],
    ['', undefined],
  ])('%j → %j', (machine, expected) => {
    expect(defaultHeloName(machine)).toBe(expected);
  });
});

describe('the shapes --helo accepts', () => {
  it.each(['a.example', 'mail.example.com', 'x-1.y-2.example'])('host name %s', (name) => expect(isHostName(name)).toBe(true));
  it.each(['example', 'a..example', 'a.123', 'with space.example', `${'a'.repeat(64)}.example`])('not a host name: %j', (name) => expect(isHostName(name)).toBe(false));
  it.each(['[192.0.2.1]', '[IPv6:2001:db8::1]'])('address literal %s', (name) => expect(isAddressLiteral(name)).toBe(true));
  it.each(['192.0.2.1', '[192.0.2]', '[2001:db8::1]', '[IPv6:zz]'])('not an address literal: %s', (name) => expect(isAddressLiteral(name)).toBe(false));
});
