// JUnit report tests: well-formed XML 1.0 whatever the data, valid against Jenkins' junit-10.xsd, counts equal to the report's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, Report, Status } from '../../src/engine/types.js';
import { renderJunit } from '../../src/report/junit.js';
import { escapeControl } from '../../src/util/text.js';
import { hostileFindings, hostileReport, HOSTILE, reportOf } from '../helpers/reports.js';
import { findAll, JUNIT_XSD, parseXml, xsdErrors, type XmlElement } from '../helpers/xml.js';

/** Characters XML 1.0 forbids (§2.2 Char), plus the terminal-unsafe ones the renderer must escape too. */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u{fffe}\u{ffff}\u{d800}-\u{dfff}]/u;

function caseOf(doc: XmlElement, id: string): XmlElement {
  const found = findAll(doc, 'testcase').find((c) => c.attrs.name === id);
  if (!found) throw new Error(`no testcase ${id}`);
  return found;
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

describe('JUnit report: XML', () => {
  const xml = renderJunit(hostileReport());

  it('is well-formed XML 1.0 with no illegal or unsafe character, also in strict mode', () => {
    expect(() => parseXml(xml)).not.toThrow();
    expect(xml).not.toMatch(ILLEGAL);
    const strict = renderJunit(hostileReport(true), { strict: true });
    expect(() => parseXml(strict)).not.toThrow();
    expect(strict).not.toMatch(ILLEGAL);
  });

  it('the parser used here is strict: it rejects a raw control character and an unescaped ampersand', () => {
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
    expect(() => parseXml('<a>AT&T</a>')).toThrow();
    expect(() => parseXml('<a>x]]>y</a>')).toThrow();
  });

  it('validates against junit-10.xsd: hostile data, strict, all-pass and empty reports', () => {
    expect(xsdErrors(xml, JUNIT_XSD)).toEqual([]);
    expect(xsdErrors(renderJunit(hostileReport(true), { strict: true }), JUNIT_XSD)).toEqual([]);
    const allPass = reportOf(hostileFindings().map((f) => ({ ...f, status: 'pass' as const })));
    expect(xsdErrors(renderJunit(allPass), JUNIT_XSD)).toEqual([]);
    const empty = reportOf([]);
    expect(xsdErrors(renderJunit(empty), JUNIT_XSD)).toEqual([]);
    // No check: the six flows are there, all skipped.
    expect(parseXml(renderJunit(empty)).attrs).toMatchObject({ tests: '6', failures: '0', errors: '0' });
  });

  it('the schema check can fail: xmllint rejects what junit-10.xsd does not allow', () => {
    expect(xsdErrors('<testsuites><testsuite name="x"/></testsuites>', JUNIT_XSD).join('\n')).toMatch(/tests/);
    expect(xsdErrors('<testsuites skipped="1"/>', JUNIT_XSD).join('\n')).toMatch(/skipped/);
  });

  it('is deterministic: the same report renders to the same bytes', () => {
    expect(renderJunit(hostileReport())).toBe(xml);
    expect(xml).not.toMatch(/\bid=/);
  });
});

/** How many of the report's flows have a status (the flows suite counts them like checks). */
const flowsWith = (report: Report, ...statuses: Status[]) => report.flows.filter((f) => statuses.includes(f.status)).length;

describe('JUnit report: structure and counts', () => {
  const report = hostileReport();
  const doc = parseXml(renderJunit(report));
  const suites = findAll(doc, 'testsuite');
  const checkSuites = suites.slice(1);

  it('has the flows suite first, then one <testsuite> per area, named splitcheck.<area>, in the order of the report', () => {
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs.name).toBe('splitcheck contoso.com');
    expect(suites.map((s) => s.attrs.name)).toEqual([
      'splitcheck.flows',
      'splitcheck.mx',
      'splitcheck.spf',
      'splitcheck.dkim',
      'splitcheck.dmarc',
      'splitcheck.smarthost',
      'splitcheck.autodiscover',
    ]);
  });

  it('the flows suite: six test cases named by flow id, each status as a check\'s, the deciding checks in the body', () => {
    const flows = suites[0]!.children.filter((c) => c.name === 'testcase');
    expect(flows.map((c) => c.attrs.name)).toEqual(report.flows.map((f) => f.id));
    expect(flows.every((c) => c.attrs.classname === 'splitcheck.flows')).toBe(true);
    const element: Record<Status, string | undefined> = { pass: undefined, fail: 'failure', error: 'error', skip: 'skipped', warn: 'system-out' };
    report.flows.forEach((f, i) => expect(flows[i]!.children.map((e) => e.name)).toEqual(element[f.status] ? [element[f.status]] : []));
    // hostileReport: mx.no-bypass fails, so internet-to-m365 fails and names it; spf.present fails both senders' flows.
    const inbound = child(flows[0]!, 'failure')!;
    expect(inbound.attrs.message).toContain('(mx.no-bypass)');
    expect(inbound.text).toContain('Internet → Microsoft 365');
    expect(inbound.text).toMatch(/mx\.no-bypass \(fail\): Backup MX/);
    expect(child(flows[4]!, 'failure')!.attrs.message).toContain('(spf.present)');
    expect(child(flows[3]!, 'skipped')!.attrs.message).toContain('no check of this run decides it');
  });

  it('has one <testcase> per check, classname splitcheck.<area>, name the check id, and a time', () => {
    const cases = checkSuites.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    expect(cases.map((c) => c.attrs.name)).toEqual(report.results.map((f) => f.id));
    for (const c of cases) {
      expect(c.attrs.classname).toBe(`splitcheck.${c.attrs.name!.split('.')[0]}`);
      expect(c.attrs.time).toMatch(/^\d+\.\d{3}$/);
    }
  });

  it('totals: failures = failing checks and flows, errors = erroring ones, tests = checks + 6 flows; every suite adds up to them', () => {
    expect(doc.attrs).toMatchObject({
      tests: String(report.results.length + 6),
      failures: String(report.summary.fail + flowsWith(report, 'fail')),
      errors: String(report.summary.error + flowsWith(report, 'error')),
      time: '4.321',
    });
    const sum = (key: string, of = suites) => of.reduce((n, s) => n + Number(s.attrs[key]), 0);
    expect(sum('tests')).toBe(report.results.length + 6);
    expect(sum('failures', checkSuites)).toBe(report.summary.fail);
    expect(sum('errors', checkSuites)).toBe(report.summary.error);
    expect(sum('skipped', checkSuites)).toBe(report.summary.skip);
    expect(sum('failures')).toBe(report.summary.fail + flowsWith(report, 'fail'));
    expect(sum('skipped')).toBe(report.summary.skip + flowsWith(report, 'skip'));
  });

  it('each suite counts what its test cases hold, and carries time and a UTC timestamp', () => {
    for (const s of suites) {
      const cases = s.children.filter((c) => c.name === 'testcase');
      const having = (name: string) => cases.filter((c) => child(c, name)).length;
      expect(s.attrs).toMatchObject({
        tests: String(cases.length),
        failures: String(having('failure')),
        errors: String(having('error')),
        skipped: String(having('skipped')),
        timestamp: '2026-11-24T10:00:00',
      });
      expect(s.attrs.time).toMatch(/^\d+\.\d{3}$/);
    }
  });

  it('maps each status to its JUnit element', () => {
    const expected: Record<Status, string | undefined> = { pass: undefined, fail: 'failure', error: 'error', skip: 'skipped', warn: 'system-out' };
    for (const f of report.results) {
      const c = caseOf(doc, f.id);
      expect(c.attrs.classname).not.toBe('splitcheck.flows');
      expect(c.children.map((e) => e.name)).toEqual(expected[f.status] ? [expected[f.status]] : []);
    }
    expect(child(caseOf(doc, 'mx.no-bypass'), 'failure')!.attrs.type).toBe('fail');
    expect(child(caseOf(doc, 'dkim.m365'), 'error')!.attrs.type).toBe('error');
  });

  it('a failure or error body holds the message, every observed line and the remedy; the message attribute is one line', () => {
    for (const f of report.results.filter((r) => r.status === 'fail' || r.status === 'error')) {
      const el = child(caseOf(doc, f.id), f.status === 'fail' ? 'failure' : 'error')!;
      expect(el.attrs.message).not.toMatch(/\n/);
      expect(el.attrs.message!.length).toBeGreaterThan(0);
      expect(el.text).toContain('Remedy:');
      for (const line of f.remedy!.split('\n')) expect(el.text).toContain(escapeControl(line));
      for (const line of f.observed ?? []) expect(el.text).toContain(escapeControl(line));
    }
  });

  it('without observed lines, the body shows the evidence as a readable ;; comment, not JSON', () => {
    const el = child(caseOf(doc, 'spf.present'), 'failure')!;
    expect(el.text).toContain('Observed:\n  ;; records: "');
  });

  it('hostile data comes back as the same text, escaped visibly, never as markup', () => {
    const failure = child(caseOf(doc, 'mx.no-bypass'), 'failure')!;
    expect(failure.attrs.message).toContain('<img src=x onerror=alert(1)>');
    expect(failure.attrs.message).toContain('end]]>here');
    expect(failure.attrs.message).toContain('evil\\x1b]0;owned\\x07title\\x1b[2J');
    expect(failure.text).toContain(`And wait "double" 'single'.`);
    expect(failure.text).toContain('file\\u{202e}txt.exe');
    expect(findAll(doc, 'img')).toHaveLength(0);
    const warnOut = child(caseOf(doc, 'spf.all'), 'system-out')!.text;
    expect(warnOut).toContain('nul\\x00byte');
    expect(warnOut).toContain('bad\\u{ffff}end\\u{fffe}');
    expect(warnOut).toContain('other\\u{dc00}half'); // in the message: escaped like a control character
    expect(warnOut).toContain('half\\u{d800}surrogate'); // in the evidence: escaped like a control character
    const error = child(caseOf(doc, 'dkim.m365'), 'error')!;
    expect(error.text).toContain(HOSTILE.script);
    expect(error.text).toContain(HOSTILE.entity);
  });

  it('a skip carries its reason as attribute and body', () => {
    const skipped = child(caseOf(doc, 'smarthost.smtp'), 'skipped')!;
    expect(skipped.attrs.message).toBe('Skipped: --no-smtp was given file\\u{202e}txt.exe');
    expect(skipped.text).toBe(skipped.attrs.message);
  });

  it('a warn passes, its message, evidence and remedy in <system-out>; no <system-out> beside a failure or error', () => {
    const out = child(caseOf(doc, 'spf.all'), 'system-out')!.text;
    expect(out).toMatch(/^warn: The policy ends in \?all/);
    expect(out).toContain('Remedy:\nEnd it with -all.');
    for (const c of findAll(doc, 'testcase')) {
      if (child(c, 'failure') || child(c, 'error')) expect(child(c, 'system-out')).toBeUndefined();
    }
  });
});

describe('JUnit report: --strict', () => {
  const report = hostileReport(true);

  it('renders a warn as <failure type="warn"> and counts it: failures = fail + warn (checks and flows)', () => {
    const doc = parseXml(renderJunit(report, { strict: true }));
    const failing = report.summary.fail + report.summary.warn + flowsWith(report, 'fail', 'warn');
    expect(doc.attrs.failures).toBe(String(failing));
    const failure = child(caseOf(doc, 'spf.all'), 'failure')!;
    expect(failure.attrs.type).toBe('warn');
    expect(failure.text).toContain('Remedy:\nEnd it with -all.');
    expect(findAll(doc, 'failure')).toHaveLength(failing);
    const spf = findAll(doc, 'testsuite').find((s) => s.attrs.name === 'splitcheck.spf')!;
    expect(spf.attrs.failures).toBe('2');
  });

  it('defaults to the report’s own input.strict, and an explicit option wins', () => {
    expect(renderJunit(report)).toBe(renderJunit(report, { strict: true }));
    expect(parseXml(renderJunit(report, { strict: false })).attrs.failures).toBe(String(report.summary.fail + flowsWith(report, 'fail')));
  });
});

describe('JUnit report: any data', () => {
  // Any code point, lone surrogates included, and the strings that break XML most often.
  const char = fc.oneof(
    fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
    fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\u0000', '\u001b', '\ud800', '\udfff', '\ufffe', '\uffff', '\r\n', '\n'),
  );
  const text = fc.string({ unit: char, maxLength: 40 });
  const status = fc.constantFrom<Status>('pass', 'warn', 'fail', 'error', 'skip');
  const finding = fc.record({
    id: fc.tuple(fc.constantFrom('mx', 'spf', 'dns', 'smarthost'), text).map(([area, name]) => `${area}.${name}`),
    status,
    title: text,
    message: text,
    messageId: text,
    remedy: text,
    observed: fc.array(text, { maxLength: 3 }),
    evidence: fc.dictionary(text, text, { maxKeys: 2 }),
  });

  it('always renders well-formed XML whose counts match the findings', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), text, fc.boolean(), (findings: Finding[], domain, strict) => {
        const report: Report = reportOf(findings, { domain }, strict);
        const rendered = renderJunit(report, { strict });
        expect(rendered).not.toMatch(ILLEGAL);
        const doc = parseXml(rendered);
        expect(findAll(doc, 'testcase')).toHaveLength(findings.length + 6);
        const failing = strict ? (['fail', 'warn'] as Status[]) : (['fail'] as Status[]);
        expect(Number(doc.attrs.failures)).toBe(report.summary.fail + (strict ? report.summary.warn : 0) + flowsWith(report, ...failing));
        expect(Number(doc.attrs.errors)).toBe(report.summary.error + flowsWith(report, 'error'));
      }),
      { numRuns: 300 },
    );
  });
});

