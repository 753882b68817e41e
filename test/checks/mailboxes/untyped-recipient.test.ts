// A recipient row without RecipientTypeDetails (null: a hand-written export) is a Microsoft 365 recipient, not left out.
import { describe, expect, it } from 'vitest';
import { mailboxesDuplicates } from '../../../src/checks/mailboxes/duplicates.js';
import { mailboxesHostingToM365 } from '../../../src/checks/mailboxes/hosting-to-m365.js';
import { DOMAIN, HEALTHY_CPANEL, TENANT, forwarders, judge, pops, tenant } from '../m365/inside-world.js';

const untyped = { PrimarySmtpAddress: `dora@${DOMAIN}`, EmailAddresses: [`SMTP:dora@${DOMAIN}`], RecipientTypeDetails: null };

describe('a recipient without a type', () => {
  it('with a hosting mailbox of its address: a duplicate (CHECKS.md: any Microsoft 365 recipient), not "not counted"', async () => {
    const f = await judge(mailboxesDuplicates, { export: tenant({ Recipients: [untyped] }), cpanel: { ...HEALTHY_CPANEL, pops: pops(`dora@${DOMAIN}`) } });
    expect(f.status, f.message).toBe('fail');
    expect(f.message).toMatch(/dora@example\.test \(hosting mailbox\) = dora@example\.test \(unknown type\)/);
  });

  it('without a hosting mailbox: needs a forwarder like any mailbox', async () => {
    const missing = await judge(mailboxesHostingToM365, { export: tenant({ Recipients: [untyped] }), cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders() } });
    expect(missing.status).toBe('fail');
    const ok = await judge(mailboxesHostingToM365, { export: tenant({ Recipients: [untyped] }), cpanel: { ...HEALTHY_CPANEL, forwarders: forwarders([`dora@${DOMAIN}`, `dora@${TENANT}`]) } });
    expect(ok.status, ok.message).toBe('pass');
  });
});
