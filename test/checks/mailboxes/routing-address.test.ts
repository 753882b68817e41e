// mailboxes.hosting-to-m365 on an export whose recipients list only their addresses at the domain (CHECKS.md's own
// example row): a forwarder to the same name at the tenant's domain is the tenant's routing address, not "wrong".
import { describe, expect, it } from 'vitest';
import { mailboxesHostingToM365 } from '../../../src/checks/mailboxes/hosting-to-m365.js';
import type { Recipient } from '../../../src/m365/export-types.js';
import { DOMAIN, HEALTHY_CPANEL, TENANT, forwarders, judge, tenant } from '../m365/inside-world.js';

/** A recipient as CHECKS.md shows one: SMTP:/smtp: at the domain and an X500, no routing address. */
function bare(local: string, type = 'UserMailbox', aliases: string[] = []): Recipient {
  return {
    PrimarySmtpAddress: `${local}@${DOMAIN}`,
    EmailAddresses: [`SMTP:${local}@${DOMAIN}`, ...aliases.map((a) => `smtp:${a}@${DOMAIN}`), `X500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=${local}`],
    RecipientTypeDetails: type,
  };
}

describe('mailboxes.hosting-to-m365 when the export lists no routing address', () => {
  it('forwarders to <name>@<tenant>: pass, saying the routing address was taken as given', async () => {
    const f = await judge(mailboxesHostingToM365, {
      export: tenant({ Recipients: [bare('ann'), bare('team', 'MailUniversalDistributionGroup')] }),
      cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`ann@${DOMAIN}`, `ann@${TENANT}`], [`Team@${DOMAIN}`, `TEAM@${TENANT}`]) },
    });
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toMatch(/Each of the 2 Microsoft 365 mailbox/);
    expect(f.message).toMatch(/lists no routing address at example\.onmicrosoft\.com for ann@example\.test and team@example\.test/);
  });

  it('the name of an alias at the domain counts too', async () => {
    const f = await judge(mailboxesHostingToM365, {
      export: tenant({ Recipients: [bare('ann.lee', 'UserMailbox', ['ann'])] }),
      cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`ann.lee@${DOMAIN}`, `ann@${TENANT}`]) },
    });
    expect(f.status, f.message).toBe('pass');
  });

  it("another name at the tenant, or another recipient's routing address: still fail", async () => {
    const other = { ...bare('bob'), EmailAddresses: [`SMTP:bob@${DOMAIN}`, `smtp:ann@${TENANT}`] };
    const f = await judge(mailboxesHostingToM365, {
      export: tenant({ Recipients: [bare('ann'), bare('carl'), other] }),
      cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`ann@${DOMAIN}`, `ann@${TENANT}`], [`carl@${DOMAIN}`, `c.smith@${TENANT}`], [`bob@${DOMAIN}`, `ann@${TENANT}`]) },
    });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/ann@example\.test forwards to ann@example\.onmicrosoft\.com/);
    expect(f.message).toMatch(/carl@example\.test forwards to c\.smith@example\.onmicrosoft\.com/);
    // bob's own routing address is ann@tenant: his forwarder reaches him.
    expect(f.message).not.toMatch(/bob@example\.test forwards/);
  });

  it('a recipient whose routing address the export does list must be forwarded to that one', async () => {
    const listed = { ...bare('ann'), EmailAddresses: [`SMTP:ann@${DOMAIN}`, `smtp:ann.l@${TENANT}`] };
    const f = await judge(mailboxesHostingToM365, {
      export: tenant({ Recipients: [listed] }),
      cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`ann@${DOMAIN}`, `ann@${TENANT}`]) },
    });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/such as ann\.l@example\.onmicrosoft\.com/);
  });
});
