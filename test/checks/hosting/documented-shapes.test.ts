// A world written from the documents alone, through the built bin: CHECKS.md's export rows (recipients without a
// routing address, SenderDomains as the cmdlet prints them) and UAPI's documented list_mxs fields (no mxcheck).
import { beforeAll, describe, it } from 'vitest';
import { listForwarders, listPops } from '../../helpers/cpanel-imitation.js';
import { holdWorld, makePkis, type PkiSet } from '../../helpers/inside-loopback.js';
import { DOMAIN, healthyTenant, healthyZone, inbound, MX, SMART_HOST, TENANT } from '../../helpers/tenant.js';

const USER = 'fabrikam';
const TOKEN = 'D0CS0NLY7W0RLD3X4MPL3T0K3N9Q8R7S';
let pkis: PkiSet;
beforeAll(async () => {
  pkis = await makePkis(SMART_HOST);
});

const recipient = (local: string, type: string) => ({ PrimarySmtpAddress: `${local}@${DOMAIN}`, EmailAddresses: [`SMTP:${local}@${DOMAIN}`, `X500:/o=ExchangeLabs/cn=${local}`], RecipientTypeDetails: type });

/** UAPI's list_mxs as its documentation lists the fields: alwaysaccept, detected, domain, entries. */
const documentedMxs = (detected: string, alwaysaccept: number) => ({ data: [{ alwaysaccept, detected, domain: DOMAIN, entries: [{ domain: DOMAIN, mx: MX, priority: 0 }] }] });

function world(detected: string, alwaysaccept: number, senderDomains: string[]) {
  return {
    domain: DOMAIN,
    zone: healthyZone(),
    export: healthyTenant({
      OrganizationConfig: { RejectDirectSend: true },
      InboundConnectors: [inbound({ SenderDomains: senderDomains })],
      Recipients: [recipient('ann', 'UserMailbox'), recipient('sales', 'SharedMailbox')],
    }),
    cpanel: {
      user: USER,
      token: TOKEN,
      answers: {
        list_mxs: documentedMxs(detected, alwaysaccept),
        list_pops: listPops(USER, [`bob@${DOMAIN}`]),
        list_forwarders: listForwarders([[`ann@${DOMAIN}`, `ann@${TENANT}`], [`sales@${DOMAIN}`, `sales@${TENANT}`]]),
      },
    },
    only: ['hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365', 'm365.direct-send'],
    args: ['--no-smtp', '--hosting-ip', '203.0.113.40'],
  };
}

describe('a world from the documents alone, through the bin', () => {
  it('Local in effect (alwaysaccept 1), SenderDomains smtp:*;1, forwarders to <name>@<tenant>: all pass', () =>
    holdWorld(world('local', 1, ['smtp:*;1']), pkis, {
      expect: { 'hosting.routing': 'pass', 'mailboxes.duplicates': 'pass', 'mailboxes.hosting-to-m365': 'pass', 'm365.direct-send': 'pass' },
    }, 'bin'));

  it('Remote in effect without mxcheck, a connector for a partner only: routing and Direct Send fail', () =>
    holdWorld(world('remote', 0, ['smtp:partner.test;1']), pkis, {
      expect: { 'hosting.routing': 'fail', 'mailboxes.duplicates': 'pass', 'mailboxes.hosting-to-m365': 'pass', 'm365.direct-send': 'fail' },
      says: { 'hosting.routing': ['as cPanel reports the routing in effect'], 'm365.direct-send': ['SenderDomains'] },
    }, 'bin'));
});
