// A check skipped for missing input names every option it lacks (CHECKS.md: a skip "says which flag gives it"), not only the first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absentMessage } from '../../src/engine/sources.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { runMain } from '../helpers/in-process.js';
import { DOMAIN, healthyTenant, healthyZone } from '../helpers/tenant.js';

let dns: DnsTestServer;
let dir: string;
beforeAll(async () => {
  dns = await startDnsServer({ zone: healthyZone() as never });
  dir = mkdtempSync(join(tmpdir(), 'splitcheck-needs-'));
  writeFileSync(join(dir, 'tenant.json'), JSON.stringify(healthyTenant()));
});
afterAll(async () => {
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Finding {
  id: string;
  status: string;
  message: string;
  messageId: string;
  messageIds?: string[];
}

async function findings(args: string[]): Promise<Record<string, Finding>> {
  const r = await runMain([DOMAIN, '--json', '--resolver', `127.0.0.1:${dns.port}`, '--retries', '0', '--only', 'm365', '--only', 'hosting', '--only', 'mailboxes', ...args], {});
  const report = JSON.parse(r.stdout) as { results: Finding[] };
  return Object.fromEntries(report.results.map((f) => [f.id, f]));
}

describe('skips for missing sources', () => {
  it('neither the export nor cPanel: the mailboxes.* checks name both options; the others name theirs', async () => {
    const byId = await findings(['--no-smtp']);
    for (const id of ['mailboxes.duplicates', 'mailboxes.hosting-to-m365']) {
      expect(byId[id]).toMatchObject({ status: 'skip', messageId: 'engine.needs.m365', messageIds: ['engine.needs.m365', 'engine.needs.cpanel'] });
      expect(byId[id]!.message).toContain('--m365-export');
      expect(byId[id]!.message).toContain('--cpanel-url');
      expect(byId[id]!.message).toContain('SPLITCHECK_CPANEL_TOKEN');
    }
    expect(byId['hosting.routing']!.message).toContain('--cpanel-url');
    expect(byId['hosting.routing']!.message).not.toContain('--m365-export');
    expect(byId['m365.accepted-domain']!.message).toContain('--m365-export');
    expect(byId['m365.accepted-domain']!.message).not.toContain('--cpanel-url');
    // connector-tls needs the export and SMTP: both are missing under --no-smtp.
    expect(byId['m365.connector-tls']!.message).toContain('--m365-export');
    expect(byId['m365.connector-tls']!.message).toContain('--no-smtp');
  });

  it('the export alone: the mailboxes.* checks name only what is still missing (--cpanel-url)', async () => {
    const byId = await findings(['--no-smtp', '--m365-export', join(dir, 'tenant.json')]);
    for (const id of ['mailboxes.duplicates', 'mailboxes.hosting-to-m365']) {
      expect(byId[id]).toMatchObject({ status: 'skip', messageId: 'engine.needs.cpanel' });
      expect(byId[id]!.messageIds).toBeUndefined();
      expect(byId[id]!.message).toContain('--cpanel-url');
      expect(byId[id]!.message).not.toContain('--m365-export');
    }
    expect(byId['m365.accepted-domain']!.status).toBe('pass');
  });

  it('one missing source keeps its own sentence; several make one sentence with each way to give it', () => {
    expect(absentMessage(['smtp'])).toBe('Skipped: SMTP probes are turned off (--no-smtp).');
    const both = absentMessage(['m365', 'cpanel']);
    expect(both).toMatch(/^Skipped: needs the Microsoft 365 tenant's settings and the hosting account's cPanel; give --m365-export .*; and give --cpanel-url .*--cpanel-user .*SPLITCHECK_CPANEL_TOKEN\.$/);
  });
});
