// The Action's job summary over GitHub's size limit: cut at a line with a note saying where the whole report is, a code block cut open closed first.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { runAction } from '../helpers/action-runner.js';
import { runCli } from '../helpers/cli.js';
import { contosoZone, DOMAIN, MS_MX, WORLD } from '../helpers/authoritative-servers.js';

const NS = { 'ns1.contoso.com': '192.0.2.1' };
// The hosting server left in as a backup MX and cPanel's autodiscover SRV record: fixes with DNS records in code blocks.
const zone = { ...WORLD, ...contosoZone(NS, { srv: [[0, 0, 443, 'cpanelemaildiscovery.cpanel.net']], mx: [[0, MS_MX], [10, `mail.${DOMAIN}`]] }) };
const work = mkdtempSync(join(tmpdir(), 'splitcheck-action-summary-'));
let server: DnsTestServer;

beforeAll(async () => {
  server = await startDnsServer({ zone });
});
afterAll(async () => {
  await server.close();
});

const inputs = () => ({ domains: DOMAIN, args: `--resolver 127.0.0.1:${server.address.port} --timeout 500 --retries 0 --only mx --only autodiscover --no-smtp` });
const NOTE = /\n\n\*\*The summary is cut here at GitHub's size limit; the whole report is in (.+)\.\*\*\n$/;

describe('the job summary over the size limit', () => {
  it('under the limit: the whole Markdown report; over it: cut at a line inside a code block, the block closed, then the note naming the report', async () => {
    const whole = await runAction(inputs(), { cwd: work });
    expect(whole.outputs['exit-code']).toBe('1');
    expect(whole.summary).not.toMatch(NOTE);
    const lines = whole.summary.split('\n');
    const open = lines.findIndex((l) => /^`{3,}text$/.test(l));
    expect(open).toBeGreaterThan(0);
    expect(lines[open + 2]).not.toBeUndefined();
    // A limit (in bytes, as head -c counts) that ends in the middle of the block's second line.
    const limit = Buffer.byteLength(`${lines.slice(0, open + 2).join('\n')}\n`) + 5;

    const cut = await runAction(inputs(), { cwd: work, env: { SPLITCHECK_TEST_SUMMARY_LIMIT: String(limit) } });
    expect(cut.outputs['exit-code']).toBe('1');
    const note = NOTE.exec(cut.summary);
    expect(note?.[1]).toBe(cut.outputs['report']);
    const kept = cut.summary.slice(0, note!.index);
    // Whole lines of this run's own Markdown report (the two runs differ in their timings), up to the limit,
    // ending inside the code block, then the block's own fence.
    const full = (await runCli(['render', cut.outputs['report']!, '--format', 'markdown'])).stdout;
    const fence = lines[open]!.replace(/text$/, '');
    expect(kept.endsWith(`\n${fence}\n`)).toBe(true);
    const body = kept.slice(0, -(fence.length + 1));
    expect(body.endsWith('\n')).toBe(true);
    expect(full.startsWith(body)).toBe(true);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(limit);
    expect(body.split('\n').filter((l) => /^`{3,}/.test(l)).at(-1)).toBe(lines[open]);
    // The report itself is whole.
    expect(readFileSync(cut.outputs['report']!).length).toBeGreaterThan(limit);
  });
});
