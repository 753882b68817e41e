// --format github: workflow commands that the runner parses back to exactly what we meant, one per finding that is not a pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import { renderGithub } from '../../src/report/github.js';
import { escapeData, escapeProperty, workflowCommand } from '../../src/report/workflow-command.js';
import { parseWorkflowCommand, parseWorkflowCommands } from '../helpers/workflow-commands.js';

function finding(id: string, status: Finding['status'], message: string, extra: Partial<Finding> = {}): Finding {
  return { id, status, title: id, message, messageId: 'm', evidence: {}, ...(status === 'pass' || status === 'skip' ? {} : { remedy: `Fix ${id}.` }), ...extra };
}

function report(results: Finding[], config?: unknown): Report {
  const summary = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  for (const r of results) summary[r.status]++;
  return {
    schemaVersion: 1,
    tool: { name: 'splitcheck', version: '9.9.9' },
    domain: 'contoso.com',
    startedAt: '2026-12-06T10:00:00.000Z',
    durationMs: 5,
    summary,
    exitCode: summary.fail > 0 ? 1 : summary.error > 0 ? 3 : 0,
    results,
    flows: [],
    ...(config === undefined ? {} : { config: config as Report['config'] }),
  };
}

describe('workflow-command escaping', () => {
  it('escapes data as the runner undoes it: % first, then CR and LF', () => {
    expect(escapeData('100% sure\r\nnext: a, b')).toBe('100%25 sure%0D%0Anext: a, b');
    // A literal escape sequence in the text survives: %0A is written %250A, read back as %0A.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('escapes properties additionally for : and ,', () => {
    expect(escapeProperty('C:\\dns\\a,b.json\n')).toBe('C%3A\\dns\\a%2Cb.json%0A');
  });

  it('every data and property value parses back unchanged (the runner\'s own reading)', () => {
    // Property values the runner would trim or drop (leading/trailing space on the last one, empty) are not ours to make.
    const value = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => s.trim() === s && s !== '');
    fc.assert(
      fc.property(value, value, fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 99999 }), (file, title, data, line) => {
        const text = workflowCommand('warning', { file, line, title }, data);
        expect(text).not.toMatch(/[\r\n]/);
        const parsed = parseWorkflowCommand(text);
        expect(parsed).toEqual({ command: 'warning', properties: { file, line: String(line), title }, data });
      }),
      { numRuns: 200 },
    );
  });

  it('text that looks like a command or an escape stays data', () => {
    const data = '::error::forged\n::set-output name=x::y %0A %3A';
    const parsed = parseWorkflowCommands(`${workflowCommand('notice', { title: 'x' }, data)}\n`);
    expect(parsed).toEqual([{ command: 'notice', properties: { title: 'x' }, data }]);
  });
});

describe('renderGithub', () => {
  const results = [
    finding('mx.present', 'pass', 'fine'),
    finding('autodiscover.cname', 'error', 'Could not look up autodiscover.contoso.com: timed out.'),
    finding('dmarc.record', 'warn', 'p=none: reports only, 50% of "mail"'),
    finding('mx.no-bypass', 'fail', 'Backup MX mail.contoso.com, preference 10:\nbypasses Microsoft 365.'),
    finding('smarthost.smtp', 'fail', 'Port 25 of mail.contoso.com refused the connection.'),
    finding('mtasts.policy', 'skip', 'No policy published.'),
  ];

  it('one command per finding that is not a pass or skip: fail -> error, warn -> warning, error -> notice, titled with the id, fails first', () => {
    const out = renderGithub(report(results));
    const commands = parseWorkflowCommands(out);
    expect(commands.map((c) => [c.command, c.properties['title']])).toEqual([
      ['error', 'mx.no-bypass'],
      ['error', 'smarthost.smtp'],
      ['warning', 'dmarc.record'],
      ['notice', 'autodiscover.cname'],
    ]);
    // The message reads back whole: the domain, the text (its line break and %), the fix on the next line.
    expect(commands[0]!.data).toBe('contoso.com: Backup MX mail.contoso.com, preference 10:\nbypasses Microsoft 365.\nFix: Fix mx.no-bypass.');
    expect(commands[2]!.data).toBe('contoso.com: p=none: reports only, 50% of "mail"\nFix: Fix dmarc.record.');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('a report with only passes and skips prints nothing', () => {
    expect(renderGithub(report([finding('mx.present', 'pass', 'fine'), finding('mtasts.policy', 'skip', 'none')]))).toBe('');
  });

  it('file= and line= name the config key the finding comes from; findings from no key of the file get none', () => {
    const config = { file: 'dns/split:check,prod.json', keys: { '/smartHost': 4, '/domains': 2 }, checks: { 'smarthost.smtp': '/smartHost' } };
    const commands = parseWorkflowCommands(renderGithub(report(results, config)));
    const smtp = commands.find((c) => c.properties['title'] === 'smarthost.smtp')!;
    expect(smtp.properties).toEqual({ file: 'dns/split:check,prod.json', line: '4', title: 'smarthost.smtp' });
    // mx.no-bypass reads no key the file set (the domain is where to look, not what is expected).
    expect(commands.find((c) => c.properties['title'] === 'mx.no-bypass')!.properties).toEqual({ title: 'mx.no-bypass' });
  });

  it('a note from the caller (the baseline) is added to the message', () => {
    const out = renderGithub(report([finding('smarthost.smtp', 'fail', 'Refused.')]), { noteFor: () => 'known: in the baseline' });
    expect(parseWorkflowCommands(out)[0]!.data).toBe('contoso.com: Refused. (known: in the baseline)\nFix: Fix smarthost.smtp.');
  });

  it('a malformed config origin in a report read from disk is ignored, not trusted', () => {
    for (const config of ['x', { file: 3, keys: {}, checks: {} }, { file: 'a.json', keys: { '/smartHost': 'four' }, checks: { 'smarthost.smtp': '/smartHost' } }, { file: '', keys: { '/smartHost': 4 }, checks: { 'smarthost.smtp': '/smartHost' } }, { file: 'a.json', keys: { '/smartHost': 4 } }]) {
      const commands = parseWorkflowCommands(renderGithub(report([finding('smarthost.smtp', 'fail', 'Refused.')], config)));
      expect(commands[0]!.properties['line']).toBeUndefined();
    }
  });
});
