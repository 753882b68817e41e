// The terminal report answers first: the flows as a picture at 80 columns, with and without colour, the first fix on the first screen, a root cause said once, "Fix first" last, --summary.
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOWS } from '../../src/engine/flows.js';
import type { Finding, Report } from '../../src/engine/types.js';
import { fixFirst, oneLineFix } from '../../src/report/fix-first.js';
import { renderDomainTable, domainRow } from '../../src/report/many.js';
import { rootCause } from '../../src/report/root-cause.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { runMain } from '../helpers/in-process.js';
import { reportOf } from '../helpers/reports.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/g;
/** Columns a line takes on a terminal: code points (every character used here is one column wide). */
const columns = (line: string) => Array.from(line.replace(ANSI, '')).length;

let demo: Report;
beforeAll(async () => {
  demo = JSON.parse((await runMain(['demo', '--json'])).stdout) as Report;
});

const finding = (id: string, status: Finding['status'], extra: Partial<Finding> = {}): Finding => ({
  id,
  status,
  title: id,
  messageId: status === 'pass' ? 'ok' : status,
  message: `${id} says ${status}.`,
  evidence: {},
  ...(status === 'pass' || status === 'skip' ? {} : { remedy: `Fix ${id} now. Then check again.` }),
  ...extra,
});

describe('the demo at 80 columns, without colour', () => {
  let text: string;
  let lines: string[];
  beforeAll(() => {
    text = renderTerminal(demo, { color: false, width: 80 });
    lines = text.split('\n');
  });

  it('the first screen (24 lines) shows every broken flow and the first fix', () => {
    const screen = lines.slice(0, 24).join('\n');
    expect(screen).toContain('Mail flows');
    for (const flow of demo.flows.filter((f) => f.status === 'fail')) {
      expect(screen, flow.id).toMatch(new RegExp(`✖ fail +${FLOWS[flow.id].path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${flow.id}$`, 'm'));
    }
    // The first fix is the one that saves the most mail: the Authoritative domain (seen in the tenant's export and
    // at its edge: one change, one line) before the certificate, the MX and DKIM.
    expect(screen).toMatch(/^First fix: m365\.accepted-domain, m365\.internal-relay: Exchange admin center →/m);
    expect(screen).toMatch(/Internal relay\. \(10 more fixes at the end\)$/m);
  });

  it('every line of the flows, the first fix and "Fix first" fits in 80 columns', () => {
    const top = lines.slice(0, lines.findIndex((l) => l === 'MX records'));
    const bottom = lines.slice(lines.findIndex((l) => l.startsWith('Fix first')));
    for (const line of [...top, ...bottom]) expect(columns(line), line).toBeLessThanOrEqual(80);
  });

  it('reads line by line: each flow line says its status word, then its path in the order mail travels', () => {
    const flowLines = lines.filter((l) => /^ {2}\S \S+ +.*→/.test(l));
    expect(flowLines).toHaveLength(6);
    expect(flowLines.map((l) => l.trim().split(/\s+/)[1])).toEqual(demo.flows.map((f) => f.status));
    // Order of travel: Internet before Microsoft 365 before the connector before hosting, hosting before Microsoft 365 on its way there.
    expect(flowLines[1]).toMatch(/Internet → Microsoft 365 → connector → hosting/);
    expect(flowLines[3]).toMatch(/hosting → Microsoft 365 /);
    // The status is a word and a mark, not a colour: nothing here is styled.
    expect(text).not.toMatch(ANSI);
  });

  it('names under each broken flow the checks that broke it, worst first', () => {
    const under = (id: string) => lines[lines.findIndex((l) => l.endsWith(id)) + 1]!.trim();
    // Four checks break the way into the hosting mailboxes: the worst named, the rest counted, on one line.
    expect(under('internet-to-hosting')).toBe('fails: m365.accepted-domain +3');
    expect(under('m365-to-hosting')).toBe('fails: m365.accepted-domain, m365.connector-tls, smarthost.certificate');
    expect(under('hosting-to-m365')).toBe('fails: smarthost.routes-to-m365 +2');
    expect(under('internet-to-m365')).toBe('fails: mx.no-bypass');
    expect(under('hosting-to-internet')).toBe('fails: dkim.hosting · warns: spf.void-limit +2');
    expect(text).toMatch(/^ {2}Outside the mail flows \(set-up, propagation\): fails: autodiscover\.srv$/m);
  });

  it('keeps the per-check detail in between and closes with "Fix first", most mail lost first', () => {
    const areas = lines.indexOf('MX records');
    const fixFirstAt = lines.findIndex((l) => l.startsWith('Fix first'));
    expect(areas).toBeGreaterThan(lines.findIndex((l) => l.startsWith('First fix:')));
    expect(fixFirstAt).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Result:')));
    const order = lines.slice(fixFirstAt).flatMap((l) => /^ +\d+\. ([a-z0-9., -]+?): /.exec(l)?.[1] ?? []);
    expect(order).toEqual([
      'm365.accepted-domain, m365.internal-relay',
      'm365.connector-tls',
      'smarthost.certificate',
      'mx.no-bypass',
      'smarthost.routes-to-m365',
      'mailboxes.hosting-to-m365',
      'mailboxes.duplicates',
      'dkim.m365',
      'm365.dkim-signing',
      'dkim.hosting',
      'autodiscover.srv',
    ]);
  });

  it('with colour: the same text once the colour codes are removed, the status words coloured', () => {
    const coloured = renderTerminal(demo, { color: true, width: 80 });
    expect(coloured.replace(ANSI, '')).toBe(text);
    expect(coloured).toContain('\u001b[31m✖ fail \u001b[39m Internet → Microsoft 365 → connector → hosting');
    expect(coloured).toMatch(/\u001b\[1mMail flows\u001b\[22m/);
  });

  it('--summary: only the flows and "Fix first", no per-check detail', () => {
    const summary = renderTerminal(demo, { color: false, width: 80, summary: true });
    expect(summary).toContain('Mail flows');
    expect(summary).toMatch(/^Fix first \(most mail lost first\)$/m);
    expect(summary).not.toContain('MX records');
    expect(summary).not.toContain('seen:');
    expect(summary).not.toContain('First fix:');
    expect(summary.split('\n').length).toBeLessThan(text.split('\n').length / 4);
    // A skipped flow points below only when the checks' details follow.
    const skipped = reportOf([finding('smarthost.routes-to-m365', 'skip'), finding('mx.present', 'pass')]);
    expect(renderTerminal(skipped, { color: false, width: 80 })).toMatch(/^ {10}not checked: smarthost\.routes-to-m365 was skipped \(see below\)$/m);
    expect(renderTerminal(skipped, { color: false, width: 80, summary: true })).toMatch(/^ {10}not checked: smarthost\.routes-to-m365 was skipped$/m);
    for (const line of summary.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
  });

  it('below 77 columns the flow id moves under its path instead of overflowing', () => {
    const narrow = renderTerminal(demo, { color: false, width: 64, summary: true });
    expect(narrow).toMatch(/^ {2}✖ fail {2}Internet → Microsoft 365 → connector → hosting$/m);
    // One line under each flow: a list that does not fit keeps its worst id and counts the rest.
    expect(narrow).toMatch(/^ {10}internet-to-hosting: fails: m365\.accepted-domain \+3$/m);
    for (const line of narrow.split('\n').slice(0, narrow.split('\n').findIndex((l) => l.startsWith('Fix first')))) expect(columns(line), line).toBeLessThanOrEqual(64);
  });
});

describe('one line under each flow', () => {
  it('however many checks decided it: the worst of each kind named, the rest counted', () => {
    const ids = ['smarthost.resolves', 'smarthost.loop', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox'];
    const report = reportOf([...ids.map((id) => finding(id, 'fail')), finding('m365.internal-relay', 'error')]);
    const lines = renderTerminal(report, { color: false, width: 80, summary: true }).split('\n');
    const under = lines[lines.findIndex((l) => l.endsWith('internet-to-hosting')) + 1]!;
    expect(under).toBe('          fails: smarthost.loop +5 · unverified: m365.internal-relay');
    expect(columns(under)).toBeLessThanOrEqual(80);
    // Worst first: the loop, then the relay refusal, then reaching and trusting the smart host.
    expect(lines[lines.findIndex((l) => l.endsWith('m365-to-hosting')) + 1]).toBe('          fails: smarthost.loop +5');
    // Too long even so: the worst kind alone.
    const wide = reportOf([...ids.map((id) => finding(id, 'fail')), finding('m365.internal-relay', 'error'), finding('mtasts.policy', 'warn')]);
    const wideLines = renderTerminal(wide, { color: false, width: 80, summary: true }).split('\n');
    expect(wideLines[wideLines.findIndex((l) => l.endsWith('internet-to-hosting')) + 1]).toBe('          fails: smarthost.loop +5');
  });
});

describe('Fix first', () => {
  it('orders by the mail lost: loops and bypass before SPF, SPF before DKIM, client set-up last', () => {
    const report = reportOf(['dkim.m365', 'autodiscover.srv', 'spf.all', 'mx.no-bypass', 'smarthost.loop', 'dmarc.record'].map((id) => finding(id, 'fail')));
    expect(fixFirst(report).map((f) => f.id)).toEqual(['smarthost.loop', 'mx.no-bypass', 'spf.all', 'dkim.m365', 'dmarc.record', 'autodiscover.srv']);
  });

  it('a plugin check ranks by the flows it declares, else last', () => {
    const report = reportOf([finding('dkim.hosting', 'fail'), finding('acme.thing', 'fail'), finding('mx.no-bypass', 'fail')]);
    expect(fixFirst(report).map((f) => f.id)).toEqual(['mx.no-bypass', 'dkim.hosting', 'acme.thing']);
    const declared = { ...report, flows: report.flows.map((f) => (f.id === 'hosting-to-m365' ? { ...f, checks: ['acme.thing'], status: 'fail' as const } : f)) };
    expect(fixFirst(declared).map((f) => f.id)).toEqual(['mx.no-bypass', 'acme.thing', 'dkim.hosting']);
  });

  it('one line of fix: the first sentence, without its parenthesised asides, a record kept, a long sentence cut at its first clause', () => {
    expect(oneLineFix('At your DNS host, delete the MX record(s) mail.x.com (preference 10). The hosting server needs no MX.')).toBe(
      'At your DNS host, delete the MX record(s) mail.x.com.',
    );
    expect(oneLineFix('At your DNS host (in cPanel: Zone Editor), delete:\n_autodiscover._tcp.x.com. 3600 IN SRV 0 0 443 a.cpanel.net.\nIf it comes back, ask.')).toBe(
      'At your DNS host, delete: _autodiscover._tcp.x.com. 3600 IN SRV 0 0 443 a.cpanel.net.',
    );
    expect(oneLineFix('Publish x.com. 3600 IN TXT "v=DKIM1; k=rsa; p=AB" at your DNS host, e.g. in cPanel. Then wait.')).toBe(
      'Publish x.com. 3600 IN TXT "v=DKIM1; k=rsa; p=AB" at your DNS host, e.g. in cPanel.',
    );
    const long = `Install the chain with its bundle ${'and more words '.repeat(8)}; on a plain Exim server, put it in the file.`;
    expect(oneLineFix(long)).toMatch(/^Install the chain .*more words\.$/);
    expect(oneLineFix('No sentence end and (an unclosed aside')).toBe('No sentence end and (an unclosed aside');
  });
});

describe('a root cause said once', () => {
  const nxdomain = reportOf([
    finding('mx.present', 'fail', {
      message: 'typo.example does not exist in DNS (NXDOMAIN): nobody can send mail to it.',
      messageId: 'nxdomain',
      remedy: 'Check the spelling of the domain. If it is right, check its registration.',
      evidence: { lookup: { status: 'nxdomain', rcode: 'NXDOMAIN' } },
    }),
    finding('mx.m365-primary', 'fail'),
    finding('spf.present', 'fail'),
    finding('dkim.m365', 'fail', { remedy: 'At your DNS host, publish two CNAME records.' }),
    finding('autodiscover.srv', 'pass'),
    finding('spf.syntax', 'skip'),
  ]);

  it('a domain that does not exist: at the top, once; the other checks say "see above" in one line; Fix first holds it alone', () => {
    const text = renderTerminal(nxdomain, { color: false, width: 80 });
    const lines = text.split('\n');
    expect(lines[2]).toBe('Root cause (mx.present)');
    expect(lines[3]).toMatch(/^ {2}✖ fail {2}typo\.example does not exist in DNS \(NXDOMAIN\)/);
    expect(text.match(/does not exist in DNS/g)).toHaveLength(2); // the top, and mx.present's own entry
    for (const id of ['mx.m365-primary', 'spf.present', 'dkim.m365', 'spf.syntax']) {
      expect(text, id).toMatch(new RegExp(`^ {2}\\S \\S+ +${id.replace('.', '\\.')} {2}see above: the domain does not exist$`, 'm'));
    }
    expect(text).not.toContain('publish two CNAME records');
    expect(text).toMatch(/^ {2}✔ pass {2}autodiscover\.srv {2}autodiscover\.srv\n {10}autodiscover\.srv says pass\.$/m);
    const fix = lines.slice(lines.findIndex((l) => l.startsWith('Fix first')));
    expect(fix.filter((l) => /^ +\d+\. /.test(l))).toEqual(['  1. mx.present: Check the spelling of the domain.']);
    expect(text).not.toContain('First fix:');
  });

  const silent = reportOf(
    ['mx.present', 'spf.present', 'dmarc.record'].map((id, i) =>
      finding(id, 'error', {
        message: `Could not look up ${id}: ETIMEOUT.`,
        remedy: 'Run again, or use another resolver (--resolver).',
        evidence: { lookup: { question: { name: i === 2 ? '_dmarc.contoso.com' : 'contoso.com', type: i === 0 ? 'MX' : 'TXT' }, status: 'timeout', code: 'ETIMEOUT' } },
      }),
    ).concat([finding('smarthost.accepts-mailbox', 'skip')]),
    { input: { resolvers: ['192.0.2.53:53'] } },
  );

  it('a resolver that answered nothing: the count of lookups and the reason once, every error one line', () => {
    expect(rootCause(silent)?.kind).toBe('no-dns-answers');
    const text = renderTerminal(silent, { color: false, width: 80 });
    expect(text).toMatch(/^Root cause\n {2}\? error {2}No DNS answer came back: all 3 lookups to 192\.0\.2\.53:53 failed\n {10}\(ETIMEOUT\)/m);
    expect(text.match(/Run again, or use another resolver/g)).toBeNull();
    for (const id of ['mx.present', 'spf.present', 'dmarc.record']) expect(text).toMatch(new RegExp(`${id.replace('.', '\\.')} {2}see above: no DNS answer came back$`, 'm'));
    // The skip is not the resolver's doing: it keeps its own reason.
    expect(text).toContain('smarthost.accepts-mailbox says skip.');
    expect(text).not.toMatch(/^Could not verify/m);
  });

  it('is not claimed when one lookup got an answer, or when a domain merely lacks MX records', () => {
    const answered = reportOf([...silent.results, finding('dkim.hosting', 'pass', { evidence: { lookup: { question: { name: 'default._domainkey.contoso.com', type: 'TXT' }, status: 'nodata' } } })]);
    expect(rootCause(answered)).toBeUndefined();
    expect(rootCause(reportOf([finding('mx.present', 'fail', { messageId: 'none', evidence: { lookup: { status: 'nodata' } } })]))).toBeUndefined();
  });
});

describe('errors at the end', () => {
  it('several checks behind one cause are one line with their ids and the shared fix', () => {
    const blocked = 'Run splitcheck from a machine whose outgoing port 25 is open (a VPS), or add --no-smtp to check DNS only.';
    const report = reportOf([
      finding('mx.present', 'pass'),
      finding('smarthost.smtp', 'error', { message: 'Nothing answered on port 25.', remedy: blocked }),
      finding('smarthost.tls', 'error', { message: 'Nothing answered on port 25.', remedy: blocked }),
      finding('m365.internal-relay', 'error', { message: 'Microsoft did not answer on port 25.', remedy: blocked }),
    ]);
    const text = renderTerminal(report, { color: false, width: 80 });
    expect(text).toContain('Could not verify (no verdict: fix these to get one)\n  - smarthost.smtp, smarthost.tls, m365.internal-relay: Run splitcheck from a\n    machine whose outgoing port 25 is open, or add --no-smtp to check DNS only.');
    expect(text).toMatch(/^ {2}Nothing fails\.$/m);
  });
});

describe('many domains at 80 columns', () => {
  it('one column per flow with a legend, every line within 80 columns, the worst problem first', () => {
    const rows = [
      domainRow(demo),
      domainRow({ ...demo, domain: 'a-client-with-a-rather-long-domain-name.example', flows: demo.flows.map((f) => ({ ...f, status: 'pass' as const })) }),
    ];
    const text = renderDomainTable(rows, { color: false, exitCode: 1, durationMs: 1000, width: 80 });
    for (const line of text.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^domain +I>M {2}I>H {2}M>H {2}H>M {2}M>I {2}H>I {3}problems$/m);
    // The worst problem first; when even it does not fit beside the domain, it is cut and the rest still counted.
    expect(text).toMatch(/^northwind-traders\.example {2}fail fail fail fail fail fail {2}m365\.accepted-dom… \+11$/m);
    expect(text).toMatch(/^a-client-with-a-rather-l… {2}pass pass pass pass pass pass {2}m365\.accepted-dom… \+11$/m);
    expect(text).toContain('I>M internet-to-m365');
    const coloured = renderDomainTable(rows, { color: true, exitCode: 1, durationMs: 1000, width: 80 });
    expect(coloured.replace(ANSI, '')).toBe(text);
  });
});
