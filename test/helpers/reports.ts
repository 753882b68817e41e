// Reports for renderer tests: every status, and data as hostile as DNS and SMTP can make it.
import { ALL_CHECKS } from '../../src/checks/index.js';
import { flowMapOf } from '../../src/checks/flows.js';
import { judgeFlows } from '../../src/engine/flows.js';
import { summarize, exitCodeFor } from '../../src/engine/summary.js';
import type { Finding, Report } from '../../src/engine/types.js';

/** What a TXT record, an SMTP banner or a CNAME target can carry: markup, entities, controls, broken Unicode. */
export const HOSTILE = {
  cdataEnd: 'end]]>here',
  amp: 'AT&T &amp; &lt;b&gt;',
  quotes: `"double" 'single'`,
  esc: 'evil\u001b]0;owned\u0007title\u001b[2J',
  nul: 'nul\u0000byte',
  noncharacter: 'bad\uffffend\ufffe',
  loneHigh: 'half\ud800surrogate',
  loneLow: 'other\udc00half',
  rtl: 'file\u202etxt.exe',
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  jsLink: 'see [here](javascript:alert(1)) and ](javascript:alert(2))',
  autolink: '<https://evil.example/> https://evil.example www.evil.example user@evil.example',
  pipes: 'a | b || c \\| d',
  backticks: 'x ` y `` z ``` w',
  emphasis: '*bold* _it_ **strong** ~~gone~~ $x^2$',
  lineStarts: '# heading\n- item\n+ plus\n1. one\n> quote\n    code\n---\n===\n| a | b |\n| --- | --- |',
  entity: '&copy; &#x3c;script&#x3e;',
} as const;

const allHostile = Object.values(HOSTILE).join(' ');

/** A report built the way the engine builds it (summary and exit code from the findings). */
export function reportOf(results: Finding[], extra: Partial<Report> = {}, strict = false): Report {
  const summary = summarize(results);
  return {
    schemaVersion: 1,
    tool: { name: 'splitcheck', version: '9.9.9' },
    domain: 'contoso.com',
    startedAt: '2026-11-24T10:00:00.123Z',
    durationMs: 4321,
    summary,
    exitCode: exitCodeFor(summary, strict),
    flows: judgeFlows(results, flowMapOf(ALL_CHECKS)),
    results,
    ...extra,
  };
}

/** Every status, in several areas, with hostile data in messages, observed lines, remedies and evidence. */
export function hostileFindings(): Finding[] {
  return [
    { id: 'mx.present', status: 'pass', title: 'MX records', message: 'contoso.com has 1 MX record.', messageId: 'ok', evidence: {}, observed: ['contoso.com. 3600 IN MX 0 contoso-com.mail.protection.outlook.com.'] },
    {
      id: 'mx.no-bypass',
      status: 'fail',
      title: 'No bypass',
      message: `Backup MX ${HOSTILE.esc} ${HOSTILE.img} ${HOSTILE.cdataEnd} sits beside Microsoft 365.`,
      messageId: 'ok',
      evidence: { mx: [HOSTILE.amp] },
      observed: [
        `contoso.com. 3600 IN MX 10 ${HOSTILE.esc}.`,
        `contoso.com. 3600 IN TXT "${HOSTILE.backticks}"`,
        `multi\nline ${HOSTILE.rtl}`,
      ],
      remedy: `Delete the MX record at your DNS host.\nThen publish:\ncontoso.com. 3600 IN MX 0 contoso-com.mail.protection.outlook.com.\nAnd wait ${HOSTILE.quotes}.`,
    },
    {
      id: 'spf.present',
      status: 'fail',
      title: 'SPF record',
      message: `Two SPF records: ${HOSTILE.jsLink} ${HOSTILE.pipes}`,
      messageId: 'ok',
      evidence: { records: [allHostile] },
      remedy: `At your DNS host, publish contoso.com. 3600 IN TXT "v=spf1 include:spf.protection.outlook.com ${HOSTILE.backticks} -all" and delete the other.\n${HOSTILE.lineStarts}`,
    },
    {
      id: 'spf.all',
      status: 'warn',
      title: 'SPF all',
      message: `The policy ends in ?all ${HOSTILE.emphasis} ${HOSTILE.nul} ${HOSTILE.loneLow}`,
      messageId: 'ok',
      evidence: { record: `v=spf1 ${HOSTILE.noncharacter} ${HOSTILE.loneHigh} ${HOSTILE.loneLow} ?all` },
      remedy: `End it with -all. ${HOSTILE.autolink}`,
    },
    {
      id: 'dkim.m365',
      status: 'error',
      title: 'DKIM (Microsoft 365)',
      message: `Could not look up selector1._domainkey.contoso.com: SERVFAIL ${HOSTILE.entity}`,
      messageId: 'ok',
      evidence: { lookup: { rcode: 'SERVFAIL', note: HOSTILE.script } },
      observed: [`selector1._domainkey.contoso.com. SERVFAIL ${HOSTILE.script}`],
      remedy: 'Run again, or use another resolver (--resolver).',
    },
    {
      id: 'dmarc.record',
      status: 'error',
      title: 'DMARC',
      message: `Could not look up selector1._domainkey.contoso.com: SERVFAIL ${HOSTILE.entity}`,
      messageId: 'ok',
      evidence: { lookup: { rcode: 'SERVFAIL' } },
      remedy: 'Run again, or use another resolver (--resolver).',
    },
    { id: 'smarthost.smtp', status: 'skip', title: 'SMTP', message: `Skipped: --no-smtp was given ${HOSTILE.rtl}`, messageId: 'ok', evidence: {} },
    { id: 'autodiscover.cname', status: 'pass', title: 'Autodiscover', message: `autodiscover.contoso.com points at Microsoft ${HOSTILE.img}`, messageId: 'ok', evidence: {} },
  ];
}

/** The hostile findings as a report; `strict` sets the exit code and `input.strict` as `--strict` would. */
export function hostileReport(strict = false): Report {
  return reportOf(hostileFindings(), strict ? { input: { strict: true } } : {}, strict);
}
