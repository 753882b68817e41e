// mailboxes.duplicates and mailboxes.hosting-to-m365: the tenant's recipients against the hosting account's mailboxes and forwarders.
import { describe, expect, it } from 'vitest';
import { mailboxesDuplicates } from '../../../src/checks/mailboxes/duplicates.js';
import { mailboxesHostingToM365 } from '../../../src/checks/mailboxes/hosting-to-m365.js';
import { DOMAIN, HEALTHY_CPANEL, TENANT, forwarders, judge, mailbox, pops, tenant } from '../m365/inside-world.js';

describe('mailboxes.duplicates', () => {
  it('no shared address: pass, with the counts', async () => {
    const f = await judge(mailboxesDuplicates, { export: tenant(), cpanel: HEALTHY_CPANEL });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/\(2 Microsoft 365 recipient\(s\) and 2 hosting mailbox\(es\) of example\.test compared\)/);
  });

  it('a user on both platforms: fail, naming the pair and the hosting account to delete', async () => {
    const f = await judge(mailboxesDuplicates, { export: tenant(), cpanel: { ...HEALTHY_CPANEL, pops: pops(`anna@${DOMAIN}`, `Carl@${DOMAIN}`) } });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/carl@example\.test \(hosting mailbox\) = carl@example\.test \(UserMailbox\) in Microsoft 365/);
    expect(f.remedy).toMatch(/cPanel → Email → Email Accounts → carl@example\.test → Delete/);
    expect(f.evidence).toMatchObject({ duplicates: [{ address: 'carl@example.test' }] });
  });

  it('a hosting mailbox of a Microsoft 365 alias (a secondary smtp: proxy) counts', async () => {
    const exp = tenant({ Recipients: [mailbox('carl', 'UserMailbox', [`smtp:c.smith@${DOMAIN}`])] });
    const f = await judge(mailboxesDuplicates, { export: exp, cpanel: { ...HEALTHY_CPANEL, pops: pops(`C.Smith@${DOMAIN}`) } });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/c\.smith@example\.test \(hosting mailbox\) = carl@example\.test/);
  });

  it('a mail user or contact pointing at the hosting mailbox is not a duplicate', async () => {
    const exp = tenant({ Recipients: [mailbox('anna', 'MailUser')] });
    const f = await judge(mailboxesDuplicates, { export: exp, cpanel: HEALTHY_CPANEL });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/Not counted: anna@example\.test \(MailUser\)/);
  });

  it('only the checked domain\'s addresses are compared', async () => {
    const exp = tenant({ Recipients: [{ PrimarySmtpAddress: 'anna@other.test', EmailAddresses: ['SMTP:anna@other.test'], RecipientTypeDetails: 'UserMailbox' }] });
    const f = await judge(mailboxesDuplicates, { export: exp, cpanel: { ...HEALTHY_CPANEL, pops: pops(`anna@${DOMAIN}`, 'anna@other.test') } });
    expect(f.status).toBe('pass');
  });

  it('needs both sources: skip naming what is missing', async () => {
    for (const check of [mailboxesDuplicates, mailboxesHostingToM365]) {
      expect(await judge(check, {})).toMatchObject({ status: 'skip', message: expect.stringMatching(/--m365-export/) });
      expect(await judge(check, { export: tenant() })).toMatchObject({ status: 'skip', message: expect.stringMatching(/--cpanel-url .*--cpanel-user .*SPLITCHECK_CPANEL_TOKEN/) });
      expect(await judge(check, { cpanel: HEALTHY_CPANEL })).toMatchObject({ status: 'skip', message: expect.stringMatching(/needs the Microsoft 365 tenant's settings/) });
    }
  });

  it('cPanel refusing the token: error', async () => {
    const f = await judge(mailboxesDuplicates, { export: tenant(), cpanel: { pops: { outcome: 'refused', status: 403 } } });
    expect(f.status).toBe('error');
    expect(f.message).toMatch(/the token was refused/);
  });
});

describe('mailboxes.hosting-to-m365', () => {
  it('every Microsoft 365 mailbox has a forwarder to its routing address: pass', async () => {
    const f = await judge(mailboxesHostingToM365, { export: tenant(), cpanel: HEALTHY_CPANEL });
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toMatch(/Each of the 2 Microsoft 365 mailbox/);
  });

  it('a mailbox without a forwarder: fail, listing it and the forwarder to add', async () => {
    const f = await judge(mailboxesHostingToM365, { export: tenant(), cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`carl@${DOMAIN}`, `carl@${TENANT}`]) } });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/1 Microsoft 365 mailbox\(es\) of example\.test have no hosting forwarder that reaches them: sales@example\.test \(SharedMailbox\).*550 No Such User Here/);
    expect(f.remedy).toMatch(/cPanel → Email → Forwarders → Add Forwarder.*sales@example\.test → sales@example\.onmicrosoft\.com/);
  });

  it('a forwarder to somewhere else, or back to the domain, does not reach the mailbox', async () => {
    const f = await judge(mailboxesHostingToM365, {
      export: tenant(),
      cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`carl@${DOMAIN}`, 'carl@gmail.test'], [`sales@${DOMAIN}`, `sales@${DOMAIN}`]) },
    });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/carl@example\.test forwards to carl@gmail\.test, not to an address of this mailbox outside example\.test such as carl@example\.onmicrosoft\.com/);
  });

  it('a mailbox that also has a hosting mailbox is mailboxes.duplicates\' finding, not this one\'s', async () => {
    const f = await judge(mailboxesHostingToM365, { export: tenant(), cpanel: { ...HEALTHY_CPANEL, pops: pops(`carl@${DOMAIN}`), forwarders: forwarders([`sales@${DOMAIN}`, `sales@${TENANT}`]) } });
    expect(f.status).toBe('pass');
  });

  it('groups need a forwarder too; mail users do not', async () => {
    const exp = tenant({ Recipients: [mailbox('team', 'MailUniversalDistributionGroup'), mailbox('ext', 'MailContact')] });
    const f = await judge(mailboxesHostingToM365, { export: exp, cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders() } });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/team@example\.test \(MailUniversalDistributionGroup\)/);
    expect(f.message).not.toMatch(/ext@/);
  });

  it('no Microsoft 365 mailbox at the domain: pass', async () => {
    const f = await judge(mailboxesHostingToM365, { export: tenant({ Recipients: [] }), cpanel: HEALTHY_CPANEL });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/needs a hosting forwarder/);
  });

  it('addresses compare case-insensitively', async () => {
    const f = await judge(mailboxesHostingToM365, {
      export: tenant(),
      cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`CARL@EXAMPLE.TEST`, `Carl@Example.OnMicrosoft.com`], [`Sales@${DOMAIN}`, `SALES@${TENANT}`]) },
    });
    expect(f.status).toBe('pass');
  });

  it('list_forwarders failing: error quoting cPanel', async () => {
    const f = await judge(mailboxesHostingToM365, { export: tenant(), cpanel: { ...HEALTHY_CPANEL, forwarders: { outcome: 'failed', errors: ['Feature “forwarders” is not enabled.'] } } });
    expect(f.status).toBe('error');
    expect(f.message).toMatch(/Feature “forwarders” is not enabled/);
  });
});
