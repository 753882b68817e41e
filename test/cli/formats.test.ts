// The report formats from the command line over hostile DNS text: every machine format stays whole and valid, nothing injected.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { INPUT_ZONE, refusalChecker, scratchDir } from '../helpers/cli-input.js';
import { runMain } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/schema.js';
import { findAll, JUNIT_XSD, parseXml, xsdErrors } from '../helpers/xml.js';

describe('report formats [adversarial]', () => {
  // A loopback zone full of awkward DNS text, for this block's own runs.
  let server: DnsTestServer;
  let resolver: string;
  const root = mkdtempSync(join(tmpdir(), 'splitcheck-input-'));
  const NET = () => ['--resolver', resolver, '--timeout', '300', '--retries', '0', '--no-smtp'];
  const expectRefusal = refusalChecker(() => server);
  const dir = scratchDir(root);
  beforeAll(async () => {
    server = await startDnsServer({ zone: INPUT_ZONE });
    resolver = `127.0.0.1:${server.address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  const md = new MarkdownIt({ html: true });
  /** Rendered HTML must hold no tag from the data, and every table row its own number of cells. */
  function expectSafeMarkdown(text: string): void {
    const tokens = md.parse(text, {}).flatMap((t) => [t, ...(t.children ?? [])]);
    expect(tokens.filter((t) => t.type === 'html_inline' || t.type === 'html_block' || t.type === 'link_open' || t.type === 'image')).toEqual([]);
    const html = md.render(text);
    expect(html).not.toMatch(/<script|<img/);
    for (const table of text.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.trimEnd().split('\n');
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]!));
    }
  }

  it('markdown, one domain: pipes, backticks, <script> and line breaks from DNS break no table and inject no HTML', async () => {
    const r = await runMain(['hostile.example', ...NET(), '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<script>alert(1)</script>'); // inside a code block, as the record it is
    expectSafeMarkdown(r.stdout);
  });

  it('markdown, several domains: the sections and the summary table', async () => {
    const r = await runMain(['hostile.example', 'healthy.example', ...NET(), '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# splitcheck: 2 domains/);
    expect(r.stdout).toContain('## Summary');
    expectSafeMarkdown(r.stdout);
  });

  /** Counts of the JUnit document against the JSON report of the same run. */
  function expectJunitMatches(xml: string, reports: readonly Report[], strict = false): void {
    expect(xsdErrors(xml, JUNIT_XSD)).toEqual([]);
    const doc = parseXml(xml);
    const suites = findAll(doc, 'testsuite');
    const sum = (k: string) => suites.reduce((n, s) => n + Number(s.attrs[k]), 0);
    // Each report's checks and its six flows (the splitcheck.flows suite) are test cases alike.
    const total = (k: 'fail' | 'error' | 'warn' | 'skip') => reports.reduce((n, r) => n + r.summary[k] + r.flows.filter((f) => f.status === k).length, 0);
    expect(sum('failures')).toBe(total('fail') + (strict ? total('warn') : 0));
    expect(findAll(doc, 'failure')).toHaveLength(total('fail') + (strict ? total('warn') : 0));
    expect(sum('errors')).toBe(total('error'));
    expect(findAll(doc, 'error')).toHaveLength(total('error'));
    expect(findAll(doc, 'skipped')).toHaveLength(total('skip'));
    expect(findAll(doc, 'testcase')).toHaveLength(reports.reduce((n, r) => n + r.results.length + r.flows.length, 0));
    if (doc.attrs.failures !== undefined) {
      expect(Number(doc.attrs.failures)).toBe(sum('failures'));
      expect(Number(doc.attrs.errors)).toBe(sum('errors'));
    }
  }

  it('junit, one domain: valid against junit-10.xsd, failures = fails, errors = errors (also --strict)', async () => {
    const json = JSON.parse((await runMain(['hostile.example', ...NET(), '--json'])).stdout) as Report;
    expect(json.summary.fail).toBeGreaterThan(0);
    const junit = await runMain(['hostile.example', ...NET(), '--format', 'junit']);
    expect(junit.code).toBe(1);
    expectJunitMatches(junit.stdout, [json]);
    const strict = await runMain(['hostile.example', ...NET(), '--format', 'junit', '--strict']);
    expectJunitMatches(strict.stdout, [json], true);
  });

  it('junit, several domains, one of them unverifiable: failures and errors per suite add up', async () => {
    const domains = ['hostile.example', 'healthy.example', 'slow.example'];
    const ndjson = await runMain([...domains, ...NET(), '--format', 'ndjson']);
    const reports = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Report);
    expect(reports.reduce((n, r) => n + r.summary.error, 0)).toBeGreaterThan(0);
    const junit = await runMain([...domains, ...NET(), '--format', 'junit']);
    expect(junit.code).toBe(ndjson.code);
    expectJunitMatches(junit.stdout, reports);
  });

  it('json: one complete document when all pass, also written to --output', async () => {
    const r = await runMain(['healthy.example', ...NET(), '--only', 'mx', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.summary.pass).toBe(4);
    const file = join(dir('json-out'), 'r.json');
    const toFile = await runMain(['healthy.example', 'hostile.example', ...NET(), '--json', '--output', file]);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toMatch(/report written to .*r\.json/);
  });

  it('NO_COLOR: no escape sequence even on a TTY; without it, colour', async () => {
    const run = async (env: NodeJS.ProcessEnv) => {
      let stdout = '';
      await main(['healthy.example', ...NET(), '--only', 'mx'], {
        stdout: { write: (s: string) => ((stdout += s), true), isTTY: true, columns: 100 },
        stderr: { write: () => true, isTTY: false },
        env,
        cwd: root,
      });
      return stdout;
    };
    expect(await run({ NO_COLOR: '1' })).not.toContain('\u001b');
    expect(await run({})).toContain('\u001b[');
  });

  it('the terminal subtitle says "1 check", not "1 checks"', async () => {
    const r = await runMain(['healthy.example', ...NET(), '--only', 'mx.present']);
    expect(r.stdout).toMatch(/ · 1 check · /);
  });
});
