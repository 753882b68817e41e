// SMTP example worlds for m365.internal-relay: what answers at the Microsoft MX, and the status every SMTP check must give.
import { DOMAIN, HOSTING_IP, MS_MX, onExampleTest } from '../../helpers/smtp-servers.js';
import type { World } from '../../helpers/world.js';
import { ALL_PASS, exim, withMailbox } from '../smarthost/worlds.js';

export const M365_WORLDS: World[] = onExampleTest([
  // --- Microsoft 365: Internal Relay or Authoritative ----------------------------------------------
  {
    name: 'the accepted domain left Authoritative: 550 5.4.1',
    input: withMailbox,
    servers: { ...exim(), [`${MS_MX}:25`]: { kind: 'edge', mode: 'authoritative' } },
    expect: { ...ALL_PASS, 'm365.internal-relay': 'fail' },
    messages: { 'm365.internal-relay': /550 5\.4\.1 Recipient address rejected: Access denied\. AS\(201806281\).*Authoritative/ },
    remedies: { 'm365.internal-relay': /Exchange admin center → Mail flow → Accepted domains → example\.test → This accepted domain is: Internal relay/ },
  },
  {
    name: 'Authoritative, asked with a random local part: still a failure, and said so',
    servers: { ...exim(), [`${MS_MX}:25`]: { kind: 'edge', mode: 'authoritative' } },
    expect: { 'm365.internal-relay': 'fail' },
    messages: { 'm365.internal-relay': /random address/ },
  },
  {
    name: 'Microsoft refuses the prober (550 5.7.606 banned sending IP at RCPT): could not test',
    input: withMailbox,
    servers: { ...exim(), [`${MS_MX}:25`]: { kind: 'refusing-edge', at: 'rcpt', code: 550, text: '5.7.606 Access denied, banned sending IP [192.0.2.1]' } },
    expect: { 'm365.internal-relay': 'error' },
    messages: { 'm365.internal-relay': /refuses this machine's address.*5\.7\.606/ },
    remedies: { 'm365.internal-relay': /another network/ },
  },
  {
    name: 'Microsoft refuses the prober at MAIL FROM (5.7.25, IPv6 without reverse DNS): could not test',
    servers: { ...exim(), [`${MS_MX}:25`]: { kind: 'refusing-edge', at: 'mail', code: 550, text: '5.7.25 The sending IPv6 address must have a reverse DNS record' } },
    expect: { 'm365.internal-relay': 'error' },
    messages: { 'm365.internal-relay': /IPv6 address because it has no reverse DNS/ },
  },
  {
    name: 'Microsoft refuses the prober in its greeting (554 5.7.606): could not test',
    servers: { ...exim(), [`${MS_MX}:25`]: { kind: 'refusing-edge', at: 'greeting', code: 554, text: '5.7.606 Access denied, banned sending IP [192.0.2.1]' } },
    expect: { 'm365.internal-relay': 'error', 'smarthost.smtp': 'pass' },
    messages: { 'm365.internal-relay': /block lists/ },
  },
  {
    name: 'a filtering gateway first, Microsoft behind it: the answer is still read, with the caveat',
    zone: { [DOMAIN]: [{ MX: [0, 'eu-smtp-inbound-1.mimecast.com'] }, { MX: [10, MS_MX] }], 'eu-smtp-inbound-1.mimecast.com': [{ A: '192.0.2.99' }] },
    expect: { 'm365.internal-relay': 'pass' },
    messages: { 'm365.internal-relay': /filtering gateway \(Mimecast\)/ },
  },
  {
    name: 'no Microsoft MX at all: m365.internal-relay skips',
    zone: { [DOMAIN]: [{ MX: [0, 'mx.hosting.test'] }], 'mx.hosting.test': [{ A: HOSTING_IP }] },
    expect: { 'm365.internal-relay': 'skip' },
    messages: { 'm365.internal-relay': /mx\.m365-primary/ },
  },
]);
