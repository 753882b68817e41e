// --format github and control characters: DNS or SMTP data in a message is shown as \xNN (the Actions log renders ANSI escapes), while the message's own line breaks stay.
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import { renderGithub } from '../../src/report/github.js';
import { parseWorkflowCommands } from '../helpers/workflow-commands.js';

function report(results: Finding[], config?: Report['config']): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'splitcheck', version: '9.9.9' },
    domain: 'contoso.com',
    startedAt: '2026-12-06T10:00:00.000Z',
    durationMs: 5,
    summary: { pass: 0, warn: 0, fail: results.length, error: 0, skip: 0 },
    exitCode: 1,
    results,
    flows: [],
    ...(config ? { config } : {}),
  };
}

describe('renderGithub: control characters', () => {
  it('ESC, CR, NUL and bidi overrides in the message, the remedy and the id are escaped; the line breaks between them are kept', () => {
    const finding: Finding = {
      id: 'plugin.\u001b[31mred',
      status: 'fail',
      title: 't',
      message: 'TXT "v=spf1 \u001b[2Kforged\r -all\u0000" at contoso.com:\nsecond line \u202eevil',
      messageId: 'm',
      evidence: {},
      remedy: 'Remove \u001b]8;;http://x\u0007this',
    };
    const config = { file: 'dns/\u001bsplit.json', keys: { '/smartHost': 3 }, checks: { [finding.id]: '/smartHost' } };
    const out = renderGithub(report([finding], config));
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    const [command] = parseWorkflowCommands(out);
    expect(command!.data).toBe(
      'contoso.com: TXT "v=spf1 \\x1b[2Kforged\\x0d -all\\x00" at contoso.com:\nsecond line \\u{202e}evil\nFix: Remove \\x1b]8;;http://x\\x07this',
    );
    expect(command!.properties).toEqual({ file: 'dns/\\x1bsplit.json', line: '3', title: 'plugin.\\x1b[31mred' });
  });
});
