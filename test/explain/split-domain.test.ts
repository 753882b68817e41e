// What split domains add (issue 12, item 5): each bounce of fixtures/bounces/split-domain/ read with its diagnosis, actor, confidence and fix; and without the evidence, the generic reading.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainBounce } from '../../src/explain/index.js';
import type { Explanation } from '../../src/explain/types.js';

const DIR = new URL('../../fixtures/bounces/split-domain/', import.meta.url);

async function explain(input: string | Uint8Array): Promise<Explanation> {
  const result = await explainBounce(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  if (!result.ok) throw new Error(result.reason);
  return result.explanation;
}

interface Expect {
  /** The diagnoses, surest first: id and confidence. */
  diagnoses: [string, 'high' | 'medium' | 'low'][];
  actor: string;
  recipient: string;
  status?: string;
  reply?: number;
  /** Words the fix must give (the admin's own console, the exact change). */
  fix: RegExp;
}

const FIXTURES: Record<string, Expect> = {
  'exim-5.7.68-direct-send-rejected.eml': {
    diagnoses: [['m365-direct-send-rejected', 'high']],
    actor: 'microsoft-365',
    recipient: 'bob@contoso.com',
    status: '5.7.68',
    reply: 550,
    fix: /New-InboundConnector -Name "From the hosting server" -ConnectorType Partner -SenderDomains contoso\.com/,
  },
  'm365-exim-spf-rejects-relayed.eml': {
    diagnoses: [['host-spf-rejects-m365', 'high']],
    actor: 'hosting-server',
    recipient: 'carol@contoso.com',
    status: '5.0.0',
    reply: 550,
    fix: /Exim Configuration Manager → Basic Editor → Access Lists → Trusted SMTP IP addresses/,
  },
  'exim-5.7.515-outlook-com.txt': {
    diagnoses: [['outlook-sender-authentication', 'high']],
    actor: 'receiving-server',
    recipient: 'friend@hotmail.com',
    status: '5.7.515',
    reply: 550,
    fix: /v=DMARC1; p=none/,
  },
  'm365-4.4.316-then-5.4.300.txt': {
    diagnoses: [['smarthost-refused', 'high']],
    actor: 'microsoft-365',
    recipient: 'erin@contoso.com',
    status: '5.4.300',
    // The recipient failed with 5.4.300: its reply is the 550 of that line (RFC 2034 §3 ties a status
    // to a reply of its class), not the 451 of the attempt quoted after "->".
    reply: 550,
    fix: /port-25 host name|port 25/,
  },
  'm365-4.7.320-delayed.txt': {
    diagnoses: [['smarthost-name-mismatch', 'high']],
    actor: 'microsoft-365',
    recipient: 'frank@contoso.com',
    status: '4.7.320',
    reply: 450,
    fix: /certificate for mail\.contoso\.com/,
  },
  'm365-4.4.317-untrusted-root.eml': {
    diagnoses: [['smarthost-untrusted-chain', 'high']],
    actor: 'microsoft-365',
    recipient: 'henry@contoso.com',
    status: '4.4.317',
    reply: 450,
    fix: /intermediate certificates/,
  },
  'm365-5.4.14-loop.txt': {
    // Microsoft's own hop count: the loop is sure, which hop sends it back is a reading.
    diagnoses: [['mail-loop', 'medium']],
    actor: 'microsoft-365',
    recipient: 'ivan@contoso.com',
    status: '5.4.14',
    reply: 554,
    fix: /never "Use the MX record"/,
  },
  'cpanel-local-no-such-user-moved.eml': {
    diagnoses: [['host-local-no-mailbox', 'medium']],
    actor: 'hosting-server',
    recipient: 'bob@contoso.com',
    fix: /Forwarders → Add Forwarder/,
  },
  'm365-host-no-such-user-here.txt': {
    diagnoses: [['host-no-mailbox', 'high']],
    actor: 'hosting-server',
    recipient: 'judy@contoso.com',
    reply: 550,
    fix: /create the Microsoft 365 mailbox or add judy@contoso\.com as an alias/,
  },
};

describe('fixtures/bounces/split-domain: what split domains add', () => {
  it('every file has an expectation', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  for (const [name, want] of Object.entries(FIXTURES)) {
    it(name, async () => {
      const e = await explain(readFileSync(new URL(name, DIR)));
      expect(e.diagnoses.map((d) => [d.id, d.confidence])).toEqual(want.diagnoses);
      const d = e.diagnoses[0]!;
      expect(d.actor).toBe(want.actor);
      expect(d.recipient).toBe(want.recipient);
      expect(d.facts.length).toBeGreaterThan(0);
      expect(d.fix).toMatch(want.fix);
      const r = e.facts.recipients.find((x) => x.address === want.recipient);
      expect(r?.status).toBe(want.status);
      expect(r?.reply).toBe(want.reply);
      // The actor is named only with the evidence that shows it.
      if (d.actor === 'microsoft-365') expect(e.facts.microsoftEvidence.length + Number(/5\.7\.68|5\.4\.300|4\.4\.31|4\.7\.320/.test(d.codes.join(' ')))).toBeGreaterThan(0);
      if (d.actor === 'hosting-server') expect(d.facts.join(' ')).toMatch(/hosting server shown by/);
    });
  }
});

describe('the same replies without the evidence: the hop that is there, the split-domain reading a possibility at most', () => {
  const ndr = (from: string | undefined, reply: string) =>
    [
      ...(from ? [`From: Microsoft Outlook <${from}>`, ''] : []),
      'Delivery has failed to these recipients or groups:',
      '',
      'erin@contoso.com',
      '',
      'Diagnostic information for administrators:',
      '',
      'Generating server: PH7PR12MB5901.namprd12.prod.outlook.com',
      '',
      'erin@contoso.com',
      reply,
      '',
    ].join('\n');
  const refused = "Server at mail.contoso.com (203.0.113.25) returned '451 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com]'";

  it("the recipient's own tenant wrote it: the connector's smart host, high", async () => {
    const e = await explain(ndr('MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com', refused));
    expect(e.diagnoses.map((d) => [d.id, d.confidence])).toEqual([['smarthost-refused', 'high']]);
  });

  it('someone else\'s tenant wrote it (outbound to contoso.com): Microsoft could not connect; the smart host a possibility', async () => {
    const e = await explain(ndr('MicrosoftExchange1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d@fabrikam.com', refused));
    expect(e.diagnoses.map((d) => [d.id, d.confidence, d.actor])).toEqual([
      ['connection-failed', 'high', 'reporting-server'],
      ['smarthost-refused', 'low', 'microsoft-365'],
    ]);
  });

  it('a server not under the domain, no tenant shown: no split-domain reading at all', async () => {
    const e = await explain(ndr(undefined, "Server at mx.example.net (198.51.100.9) returned '550 5.1.1 <erin@contoso.com>: Recipient address rejected: User unknown'"));
    expect(e.diagnoses.map((d) => [d.id, d.actor])).toEqual([['recipient-unknown', 'receiving-server']]);
  });

  it('"No Such User Here" from a remote cPanel server nothing ties to Microsoft 365: the receiving server has no such mailbox', async () => {
    const text = [
      'This is the mail system at host relay.example.net.',
      '',
      '<bob@contoso.com>: host server123.hostprovider.net[198.51.100.7] said: 550 No Such User Here (in reply to RCPT TO command)',
    ].join('\n');
    const e = await explain(text);
    expect(e.diagnoses.map((d) => [d.id, d.actor])).toEqual([['recipient-unknown', 'receiving-server']]);
    expect(e.facts.recipients[0]).toMatchObject({ address: 'bob@contoso.com', reply: 550 });
  });
});
