// cPanel accounts as UAPI answers them (Email::list_mxs, list_pops, list_forwarders), against a tenant export: hosting.routing and mailboxes.*.
// Each world's statuses were written from CHECKS.md ("Additions (second round)") and DOMAIN.md §2/§6 before the run.
import { beforeAll, describe, expect, it } from 'vitest';
import { listForwarders, listMxs, listPops, type Answer } from '../../helpers/cpanel-imitation.js';
import { holdWorld, makePkis, type Expectation, type PkiSet } from '../../helpers/inside-loopback.js';
import { DOMAIN, healthyTenant, healthyZone, mailbox, MX, SMART_HOST, TENANT } from '../../helpers/tenant.js';

const USER = 'fabrikam';
const TOKEN = 'J8QWZ3R0C9V2K7M1X5B4N6T8Y0P2L4H6';
const CPANEL = ['hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365'] as const;

let pkis: PkiSet;
beforeAll(async () => {
  pkis = await makePkis(SMART_HOST);
});

/** The tenant's routing address of a local part: what a cPanel forwarder should send to. */
const routing = (local: string) => `${local}@${TENANT}`;

interface AccountWorld extends Expectation {
  name: string;
  export?: object;
  mxs?: Answer;
  pops?: Answer;
  forwarders?: Answer;
}

const HEALTHY_FORWARDERS = listForwarders([
  ['ann.lee@fabrikam.test', routing('ann.lee')],
  ['info@fabrikam.test', routing('info')],
  ['sales@fabrikam.test', routing('sales')],
]);

async function hold(w: AccountWorld): Promise<void> {
  await holdWorld(
    {
      domain: DOMAIN,
      zone: healthyZone(),
      export: w.export ?? healthyTenant(),
      cpanel: {
        user: USER,
        token: TOKEN,
        answers: {
          list_mxs: w.mxs ?? listMxs(DOMAIN, 'local', 'local', [[0, MX]]),
          list_pops: w.pops ?? listPops(USER, ['bob@fabrikam.test', 'carol@fabrikam.test', 'office@other-site.test']),
          list_forwarders: w.forwarders ?? HEALTHY_FORWARDERS,
        },
      },
      only: CPANEL,
      args: ['--no-smtp'],
    },
    pkis,
    w,
  );
}

const ALL_PASS = { 'hosting.routing': 'pass', 'mailboxes.duplicates': 'pass', 'mailboxes.hosting-to-m365': 'pass' } as const;

describe("hosting.routing: cPanel's Email Routing as list_mxs answers it", () => {
  const routingIs = (status: 'pass' | 'warn' | 'fail' | 'error') => ({ ...ALL_PASS, 'hosting.routing': status });
  const worlds: AccountWorld[] = [
    { name: 'Local Mail Exchanger: pass', expect: routingIs('pass') },
    { name: 'Remote Mail Exchanger: fail (relay refused)', mxs: listMxs(DOMAIN, 'remote', 'remote', [[0, MX]]), expect: routingIs('fail'), says: { 'hosting.routing': ['Email Routing', 'Local Mail Exchanger'] } },
    { name: 'Backup Mail Exchanger (secondary): fail (loop)', mxs: listMxs(DOMAIN, 'secondary', 'secondary', [[0, MX], [10, SMART_HOST]]), expect: routingIs('fail') },
    { name: 'Automatically Detect, detected local today: warn', mxs: listMxs(DOMAIN, 'auto', 'local', [[0, SMART_HOST]]), expect: routingIs('warn') },
    { name: 'Automatically Detect, detected remote (MX at Microsoft): warn', mxs: listMxs(DOMAIN, 'auto', 'remote', [[0, MX]]), expect: routingIs('warn') },
    {
      // Live servers write priorities as strings and the domain as the zone has it.
      name: 'priorities as strings, the domain in capitals, other domains of the account listed too: pass',
      mxs: { data: [...(listMxs('other-site.test', 'remote', 'remote', [['0', 'mx.other.test']]).data as object[]), ...(listMxs('FABRIKAM.TEST', 'local', 'local', [['0', MX]]).data as object[])] },
      expect: routingIs('pass'),
    },
    { name: 'the answer holds only other domains: error (not the account of the domain)', mxs: listMxs('other-site.test', 'local', 'local', [[0, 'mail.other-site.test']]), expect: routingIs('error') },
    {
      name: 'status 0: error quoting cPanel',
      mxs: { status0: ['The domain “fabrikam.test” does not belong to “fabrikam”.'] },
      expect: routingIs('error'),
      says: { 'hosting.routing': ['does not belong to'] },
    },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
});

describe('mailboxes.duplicates and mailboxes.hosting-to-m365: list_pops and list_forwarders against the recipients', () => {
  const worlds: AccountWorld[] = [
    {
      name: 'a hosting mailbox with a Microsoft 365 user\'s primary address, in other capitals: duplicates fail, the rest forward',
      pops: listPops(USER, ['ANN.LEE@Fabrikam.TEST', 'bob@fabrikam.test']),
      expect: { ...ALL_PASS, 'mailboxes.duplicates': 'fail' },
      says: { 'mailboxes.duplicates': ['ann.lee@fabrikam.test'] },
    },
    {
      name: 'a hosting mailbox at a secondary smtp: address (alias) of a Microsoft 365 user: duplicates fail',
      export: healthyTenant({ Recipients: [mailbox('Ann.Lee', 'UserMailbox', ['smtp:a.lee@fabrikam.test']), mailbox('Info', 'SharedMailbox'), mailbox('sales', 'MailUniversalDistributionGroup')] }),
      pops: listPops(USER, ['a.lee@fabrikam.test', 'bob@fabrikam.test']),
      expect: { ...ALL_PASS, 'mailboxes.duplicates': 'fail' },
      says: { 'mailboxes.duplicates': ['a.lee@fabrikam.test'] },
    },
    {
      name: 'a hosting mailbox matching only a SIP:/X500: proxy (not an smtp: address): pass',
      export: healthyTenant({ Recipients: [mailbox('Ann.Lee', 'UserMailbox', ['SIP:bob@fabrikam.test', 'X500:/o=ExchangeLabs/cn=bob@fabrikam.test']), mailbox('Info', 'SharedMailbox'), mailbox('sales', 'MailUniversalDistributionGroup')] }),
      expect: ALL_PASS,
    },
    {
      name: 'a suspended hosting mailbox at a Microsoft 365 user\'s address is still a duplicate: fail',
      pops: listPops(USER, ['info@fabrikam.test', 'bob@fabrikam.test'], ['info@fabrikam.test']),
      expect: { ...ALL_PASS, 'mailboxes.duplicates': 'fail' },
    },
    {
      name: 'a Microsoft 365 user with no forwarder: hosting-to-m365 fail, naming the forwarder to add',
      forwarders: listForwarders([['info@fabrikam.test', routing('info')], ['sales@fabrikam.test', routing('sales')]]),
      expect: { ...ALL_PASS, 'mailboxes.hosting-to-m365': 'fail' },
      says: { 'mailboxes.hosting-to-m365': ['Ann.Lee@fabrikam.test'.toLowerCase(), routing('ann.lee'), 'Forwarders'] },
    },
    {
      name: 'a forwarder to a mailbox outside the tenant (gmail): fail',
      forwarders: listForwarders([['ann.lee@fabrikam.test', 'ann.lee.private@gmail.example'], ['info@fabrikam.test', routing('info')], ['sales@fabrikam.test', routing('sales')]]),
      expect: { ...ALL_PASS, 'mailboxes.hosting-to-m365': 'fail' },
    },
    {
      name: 'a forwarder that is :fail: or a pipe: fail',
      forwarders: listForwarders([['ann.lee@fabrikam.test', ':fail: No such person at this address'], ['info@fabrikam.test', '|/home/fabrikam/bin/ticket.php'], ['sales@fabrikam.test', routing('sales')]]),
      expect: { ...ALL_PASS, 'mailboxes.hosting-to-m365': 'fail' },
    },
    {
      name: 'a forwarder to another user\'s routing address: fail',
      forwarders: listForwarders([['ann.lee@fabrikam.test', routing('info')], ['info@fabrikam.test', routing('info')], ['sales@fabrikam.test', routing('sales')]]),
      expect: { ...ALL_PASS, 'mailboxes.hosting-to-m365': 'fail' },
    },
    {
      name: 'forwarders in capitals, one with two destinations of which one is the routing address: pass',
      forwarders: listForwarders([
        ['Ann.Lee@FABRIKAM.test', 'archive@other-site.test'],
        ['Ann.Lee@FABRIKAM.test', 'ANN.LEE@FabrikamLtd.OnMicrosoft.com'],
        ['INFO@fabrikam.test', `${routing('info')}, helpdesk@other-site.test`],
        ['sales@fabrikam.test', routing('sales')],
      ]),
      expect: ALL_PASS,
    },
    {
      name: 'a user whose only address at the domain is an alias, forwarded from that alias: pass',
      export: healthyTenant({
        Recipients: [
          { PrimarySmtpAddress: 'dave@contoso.test', EmailAddresses: ['SMTP:dave@contoso.test', 'smtp:Dave@Fabrikam.test', `smtp:dave@${TENANT}`], RecipientTypeDetails: 'UserMailbox' },
        ],
      }),
      forwarders: listForwarders([['dave@fabrikam.test', routing('dave')]]),
      expect: ALL_PASS,
    },
    {
      name: 'a Microsoft 365 group mailbox (GroupMailbox) without a forwarder: fail',
      export: healthyTenant({ Recipients: [{ PrimarySmtpAddress: 'projects@fabrikam.test', EmailAddresses: ['SMTP:projects@fabrikam.test', `smtp:projects@${TENANT}`, 'SPO:SPO_x@SPO_y'], RecipientTypeDetails: 'GroupMailbox' }] }),
      forwarders: listForwarders([]),
      expect: { ...ALL_PASS, 'mailboxes.hosting-to-m365': 'fail' },
    },
    {
      // A mail-enabled public folder is delivered inside Exchange Online: a hosting mailbox of its address keeps hosting mail from it.
      name: 'a mail-enabled public folder with a hosting mailbox of its address: duplicates fail',
      export: healthyTenant({ Recipients: [{ PrimarySmtpAddress: 'orders@fabrikam.test', EmailAddresses: ['SMTP:orders@fabrikam.test'], RecipientTypeDetails: 'PublicFolder' }] }),
      pops: listPops(USER, ['orders@fabrikam.test']),
      forwarders: listForwarders([]),
      expect: { ...ALL_PASS, 'mailboxes.duplicates': 'fail' },
    },
    {
      // The design for hosting users shown in the address book: a contact whose address is the hosting mailbox itself.
      name: 'a mail contact at a hosting mailbox\'s address (the hosting user in the address book): pass, no forwarder needed',
      export: healthyTenant({ Recipients: [{ PrimarySmtpAddress: 'bob@fabrikam.test', EmailAddresses: ['SMTP:bob@fabrikam.test'], RecipientTypeDetails: 'MailContact' }] }),
      pops: listPops(USER, ['bob@fabrikam.test']),
      forwarders: listForwarders([]),
      expect: ALL_PASS,
    },
    {
      name: 'no Microsoft 365 recipient of the domain, no forwarders: pass',
      export: healthyTenant({ Recipients: [mailbox('Carl', 'UserMailbox', [], 'contoso.test')] }),
      forwarders: listForwarders([]),
      expect: ALL_PASS,
    },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
});

describe('a large tenant and account', () => {
  const users = Array.from({ length: 2500 }, (_, i) => `user${String(i).padStart(4, '0')}`);
  const hosting = Array.from({ length: 4000 }, (_, i) => `staff${i}@fabrikam.test`);
  const bigTenant = healthyTenant({ Recipients: users.map((u) => mailbox(u)) });
  it('2,500 Microsoft 365 users, 4,000 hosting mailboxes, every user forwarded: pass', () =>
    hold({ name: '', export: bigTenant, pops: listPops(USER, hosting), forwarders: listForwarders(users.map((u) => [`${u}@fabrikam.test`, routing(u)])), expect: ALL_PASS }));
  it('the same with one forwarder missing and one duplicate: both fail, naming them', () =>
    hold({
      name: '',
      export: bigTenant,
      pops: listPops(USER, [...hosting, 'user0007@fabrikam.test']),
      forwarders: listForwarders(users.filter((u) => u !== 'user1234').map((u) => [`${u}@fabrikam.test`, routing(u)])),
      expect: { ...ALL_PASS, 'mailboxes.duplicates': 'fail', 'mailboxes.hosting-to-m365': 'fail' },
      says: { 'mailboxes.duplicates': ['user0007@fabrikam.test'], 'mailboxes.hosting-to-m365': ['user1234@fabrikam.test'] },
    }));
  it('keeps the user list bounded in the message (the evidence has them all)', () => expect(users.length).toBeGreaterThan(50));
});
