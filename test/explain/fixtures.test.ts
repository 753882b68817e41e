// Every bounce in fixtures/bounces/ is explained correctly: the diagnoses, the recipient, the servers and the facts read.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainBounce } from '../../src/explain/index.js';
import { checkPlan } from '../../src/explain/plan.js';
import type { Explanation } from '../../src/explain/types.js';

const DIR = new URL('../../fixtures/bounces/', import.meta.url);

async function explainFixture(name: string): Promise<Explanation> {
  const result = await explainBounce(readFileSync(new URL(name, DIR)));
  if (!result.ok) throw new Error(`${name}: ${result.reason}`);
  return result.explanation;
}

interface Expect {
  diagnoses: string[];
  codes?: string[];
  recipient?: string;
  server?: string;
  sender?: string;
  format: 'message' | 'text';
  deliveryStatus?: boolean;
  reportedBy: 'microsoft' | 'other' | 'unknown';
  /** The --check plan: domain, checks, mailbox, smart host. */
  plan?: { domain: string; checks: string[]; mailbox?: string; smartHost?: string };
  unrecognised?: string[];
}

const FIXTURES: Record<string, Expect> = {
  'exchange-5.4.1-access-denied.txt': {
    diagnoses: ['m365-authoritative'],
    codes: ['550 5.4.1'],
    recipient: 'carol@contoso.com',
    server: 'contoso-com.mail.protection.outlook.com',
    sender: 'dan@fabrikam.com',
    format: 'message',
    reportedBy: 'microsoft',
    plan: { domain: 'contoso.com', checks: ['m365.internal-relay'], mailbox: 'carol@contoso.com' },
  },
  'gmail-5.4.1-access-denied.eml': {
    diagnoses: ['m365-authoritative'],
    codes: ['550 5.4.1'],
    recipient: 'carol@contoso.com',
    sender: 'alex.wilber@gmail.com',
    format: 'message',
    deliveryStatus: true,
    reportedBy: 'other',
    plan: { domain: 'contoso.com', checks: ['m365.internal-relay'], mailbox: 'carol@contoso.com' },
  },
  'exim-5.4.1-remote.txt': {
    diagnoses: ['m365-authoritative'],
    recipient: 'bob@contoso.com',
    server: 'contoso-com.mail.protection.outlook.com',
    sender: 'alice@contoso.com',
    format: 'text',
    reportedBy: 'other',
  },
  'exchange-4.4.316-delayed.txt': {
    diagnoses: ['smarthost-refused'],
    codes: ['450 4.4.316'],
    recipient: 'carol@contoso.com',
    server: 'mail.contoso.com',
    format: 'message',
    reportedBy: 'microsoft',
    plan: { domain: 'contoso.com', checks: ['smarthost.resolves', 'smarthost.smtp'], mailbox: 'carol@contoso.com', smartHost: 'mail.contoso.com' },
  },
  'exchange-5.4.316-expired.eml': {
    diagnoses: ['smarthost-refused'],
    codes: ['550 5.4.316'],
    recipient: 'carol@contoso.com',
    server: 'mail.contoso.com',
    sender: 'dan@fabrikam.com',
    format: 'message',
    deliveryStatus: true,
    reportedBy: 'microsoft',
  },
  'exchange-4.4.317-untrusted-root.eml': {
    // The expiry (5.4.300) is not said again beside its cause: the cause's fix is the one to make.
    diagnoses: ['smarthost-untrusted-chain'],
    recipient: 'carol@contoso.com',
    server: 'mail.contoso.com',
    format: 'message',
    deliveryStatus: true,
    reportedBy: 'microsoft',
    plan: {
      domain: 'contoso.com',
      checks: ['smarthost.tls', 'smarthost.certificate'],
      mailbox: 'carol@contoso.com',
      smartHost: 'mail.contoso.com',
    },
  },
  'exchange-4.7.320-subject-mismatch.txt': {
    // dan@fabrikam.com's own tenant (MAPI, then outbound) could not deliver to mail.contoso.com: nothing shows
    // it is contoso.com's connector smart host rather than its MX, so that reading is a possibility (low).
    diagnoses: ['tls-failed', 'smarthost-name-mismatch'],
    recipient: 'carol@contoso.com',
    server: 'mail.contoso.com',
    sender: 'dan@fabrikam.com',
    format: 'text',
    reportedBy: 'microsoft',
  },
  'exchange-5.4.14-hop-count.eml': {
    diagnoses: ['mail-loop'],
    codes: ['554 5.4.14'],
    recipient: 'carol@contoso.com',
    format: 'message',
    deliveryStatus: true,
    reportedBy: 'microsoft',
    plan: { domain: 'contoso.com', checks: ['smarthost.loop', 'smarthost.resolves'], mailbox: 'carol@contoso.com' },
  },
  'exchange-relay-refused-exim.eml': {
    diagnoses: ['host-relay-refused'],
    recipient: 'carol@contoso.com',
    server: 'mail.contoso.com',
    format: 'message',
    deliveryStatus: true,
    reportedBy: 'microsoft',
    plan: { domain: 'contoso.com', checks: ['smarthost.accepts-mailbox'], mailbox: 'carol@contoso.com', smartHost: 'mail.contoso.com' },
  },
  'exchange-5.1.1-no-such-user.txt': {
    diagnoses: ['host-no-mailbox'],
    codes: ['550 5.1.1'],
    recipient: 'erin@contoso.com',
    server: 'mail.contoso.com',
    sender: 'dan@fabrikam.com',
    format: 'text',
    reportedBy: 'microsoft',
    plan: { domain: 'contoso.com', checks: ['smarthost.accepts-mailbox', 'mx.no-bypass'], mailbox: 'erin@contoso.com', smartHost: 'mail.contoso.com' },
  },
  'exim-local-no-such-user.txt': {
    diagnoses: ['host-local-no-mailbox'],
    recipient: 'bob@contoso.com',
    sender: 'alice@contoso.com',
    format: 'message',
    reportedBy: 'other',
  },
  'exim-5.7.26-dmarc.txt': {
    diagnoses: ['dmarc-reject'],
    codes: ['550 5.7.26'],
    recipient: 'someone@gmail.com',
    server: 'gmail-smtp-in.l.google.com',
    sender: 'alice@contoso.com',
    format: 'message',
    reportedBy: 'other',
    plan: { domain: 'contoso.com', checks: ['dmarc.record', 'spf.m365-include', 'spf.hosting-covered', 'dkim.m365', 'dkim.hosting'] },
  },
  'unknown-codes.txt': {
    // RFC 3463 5.6.0 (the message's format) and 4.3.2 (system not accepting mail) read as what they say.
    diagnoses: ['system-error', 'protocol-error'],
    format: 'text',
    reportedBy: 'other',
    unrecognised: [],
    plan: { domain: 'example.org', checks: [], mailbox: 'frank@example.org' },
  },
};

describe('fixtures/bounces: each bounce is explained correctly', () => {
  it('every fixture file has an expectation', () => {
    // Files only: the corpora in subdirectories (sisimai/, split-domain/) have tests of their own.
    const files = readdirSync(DIR, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name);
    expect(files.sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  for (const [name, want] of Object.entries(FIXTURES)) {
    it(name, async () => {
      const e = await explainFixture(name);
      expect(e.diagnoses.map((d) => d.id)).toEqual(want.diagnoses);
      expect(e.facts.format).toBe(want.format);
      expect(e.facts.reportedBy).toBe(want.reportedBy);
      if (want.deliveryStatus !== undefined) expect(e.facts.deliveryStatus).toBe(want.deliveryStatus);
      const first = e.diagnoses[0];
      if (want.codes) expect(first?.codes).toEqual(want.codes);
      if (want.recipient) {
        expect(first?.recipient).toBe(want.recipient);
        expect(e.facts.recipients[0]?.address).toBe(want.recipient);
      }
      if (want.server) expect(first?.server).toBe(want.server);
      if (want.sender) expect(e.facts.sender).toBe(want.sender);
      expect(e.unrecognised.map((u) => u.code)).toEqual(want.unrecognised ?? []);
      for (const d of e.diagnoses) {
        expect(d.evidence.length).toBeGreaterThan(0);
        expect(`${d.explanation} ${d.fix}`).not.toMatch(/\{[a-zA-Z]+\}/);
      }
      if (want.plan) {
        const plan = checkPlan(e);
        expect(plan).toMatchObject({ domain: want.plan.domain, checks: want.plan.checks });
        expect(plan?.mailbox).toBe(want.plan.mailbox);
        expect(plan?.smartHost).toBe(want.plan.smartHost);
      }
    });
  }

  it('the explanation names the hosting-side facts the bounce gives', async () => {
    const relay = (await explainFixture('exchange-relay-refused-exim.eml')).diagnoses[0]!;
    expect(relay.explanation).toContain('The hosting server (mail.contoso.com)');
    expect(relay.fix).toContain('Email Routing → contoso.com → Local Mail Exchanger');
    const chain = (await explainFixture('exchange-4.4.317-untrusted-root.eml')).diagnoses[0]!;
    expect(chain.explanation).toContain('smart host (mail.contoso.com)');
    // Strongest evidence first: the Diagnostic-Code before the report's own summary line.
    expect(chain.evidence.map((x) => x.source)).toEqual(['delivery-status', 'text']);
    const dmarc = (await explainFixture('exim-5.7.26-dmarc.txt')).diagnoses[0]!;
    expect(dmarc.explanation).toContain('DMARC for contoso.com');
    expect(dmarc.domainOf).toBe('sender');
  });

  it("the original message's own text is never read as a reply", async () => {
    // exim-local-no-such-user.txt quotes "550 5.7.1" in the returned message; the 5.4.1 NDR quotes SPF results.
    const local = await explainFixture('exim-local-no-such-user.txt');
    expect(local.facts.statements.map((s) => s.text)).toEqual(['No Such User Here']);
    const denied = await explainFixture('exchange-5.4.1-access-denied.txt');
    // One coded reply (the NDR's own "couldn't be found" sentence is read too, as its summary); nothing from the returned headers.
    expect(denied.facts.statements.filter((x) => x.reply !== undefined || x.statuses.length > 0)).toHaveLength(1);
    expect(denied.facts.statements.some((x) => /spf=fail|Authentication-Results/i.test(x.text))).toBe(false);
  });
});
