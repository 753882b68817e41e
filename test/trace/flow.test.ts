// trace speaks flows: which flow it follows for an address (hosting or Microsoft 365 mailbox), from what the probes heard, and a blocked port 25 said once.
import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../../src/engine/types.js';
import { renderTraceTerminal } from '../../src/report/trace.js';
import { chooseFlow } from '../../src/trace/flow.js';
import { TRACE_CHECKS, traceHops } from '../../src/trace/hops.js';

/** A finding as the engine makes it: a status, a message and the key of its message template. */
function f(id: string, status: Status, messageId: string, extra: Partial<Finding> = {}): Finding {
  return { id, title: id, status, message: `${id}: ${messageId}`, messageId, evidence: {}, ...extra };
}

/** Every trace check passing, with the given ones replaced. */
function findings(...over: Finding[]): Finding[] {
  const byId = new Map(over.map((x) => [x.id, x]));
  return TRACE_CHECKS.map((id) => byId.get(id) ?? f(id, 'pass', 'ok'));
}

const A = 'ben@x.com';
const BLOCKED = 'Run splitcheck from a machine whose outgoing port 25 is open (a VPS, or the hosting server itself), or add --no-smtp to check DNS only.';

describe('which flow trace follows', () => {
  it('the hosting server accepts the address: a hosting mailbox, the whole path to it', () => {
    const choice = chooseFlow(A, findings());
    expect(choice).toMatchObject({ flow: 'internet-to-hosting', known: true });
    expect(choice.basis).toBe('the hosting server accepts ben@x.com: a hosting mailbox');
    const t = traceHops(A, 'x.com', findings());
    expect(t.hops.map((h) => h.id)).toEqual(['mx', 'microsoft', 'connector', 'hosting']);
    expect(t).toMatchObject({ flow: 'internet-to-hosting', flowKnown: true, exitCode: 0 });
  });

  it('Microsoft 365 refuses it as none of its recipients (Authoritative): meant for the hosting server, broken at Microsoft 365', () => {
    const t = traceHops(A, 'x.com', findings(f('m365.internal-relay', 'fail', 'authoritative', { remedy: 'Set Internal relay.' }), f('smarthost.accepts-mailbox', 'skip', 'noSession')));
    expect(t).toMatchObject({ flow: 'internet-to-hosting', flowKnown: true, brokenAt: 'microsoft', exitCode: 1 });
    expect(t.flowBasis).toMatch(/refuses ben@x\.com as none of its recipients/);
  });

  it('the hosting server does not know it and Microsoft 365 takes it: a Microsoft 365 mailbox, no connector on the path', () => {
    const t = traceHops(A, 'x.com', findings(f('smarthost.accepts-mailbox', 'fail', 'unknownUser', { remedy: 'Create the mailbox.' })));
    expect(t).toMatchObject({ flow: 'internet-to-m365', flowKnown: true, exitCode: 0 });
    expect(t.hops.map((h) => h.id)).toEqual(['mx', 'microsoft']);
    // From outside, a Microsoft 365 mailbox and an address on neither platform look alike: it says so.
    expect(t.flowBasis).toMatch(/Microsoft 365 accepts it: a Microsoft 365 mailbox/);
    expect(t.flowBasis).toMatch(/550 5\.1\.1/);
    const text = renderTraceTerminal(t, { color: false, width: 80 });
    expect(text).toMatch(/^Flow: internet-to-m365 \(Internet → Microsoft 365\): the hosting server does/m);
    expect(text).toContain('Result: mail to ben@x.com can reach its Microsoft 365 mailbox (exit 0).');
    expect(text).not.toMatch(/connector/);
    expect(text.replace(/\n {6}/g, ' ')).toContain("Note: Hosting users' mail to ben@x.com takes another flow (hosting-to-m365): splitcheck x.com --m365-mailbox ben@x.com probes it.");
  });

  it('no answer about the address: the hosting path, said to be assumed', () => {
    const t = traceHops(A, 'x.com', findings(f('m365.internal-relay', 'error', 'temporary', { remedy: 'Run again.' }), f('smarthost.accepts-mailbox', 'error', 'temporary', { remedy: 'Run again.' })));
    expect(t).toMatchObject({ flow: 'internet-to-hosting', flowKnown: false, exitCode: 3 });
    const oneLine = renderTraceTerminal(t, { color: false, width: 80 }).replace(/\n {2}/g, ' ');
    expect(oneLine).toMatch(/^Flow: internet-to-hosting \(Internet → Microsoft 365 → connector → hosting\), assumed: the probes got no answer/m);
  });
});

describe('a blocked port 25', () => {
  const unreachable = (id: string) => f(id, 'error', 'unreachable', { message: `Could not test ${id}: nothing answered on port 25 from this machine. Most networks block it.`, remedy: BLOCKED });
  const t = traceHops(A, 'x.com', findings(...['m365.internal-relay', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox'].map(unreachable)));
  const text = renderTraceTerminal(t, { color: false, width: 80 });

  it('is one line with its fix, not a paragraph under every hop', () => {
    expect(t.blocked).toEqual({ checks: ['m365.internal-relay', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox'], fix: BLOCKED });
    expect(text.match(/Most networks block it/g)).toBeNull();
    expect(text.match(/Port 25 is blocked from this machine/g)).toHaveLength(1);
    expect(text.replace(/\n {2}/g, ' ')).toContain('? Port 25 is blocked from this machine: the SMTP hops could not be verified. Fix: Run splitcheck from a machine whose outgoing port 25 is open, or add --no-smtp to check DNS only.');
    expect(t.hops.slice(1).every((h) => h.verdict === 'unknown' && h.notes.join() === 'not verified: port 25 is blocked from this machine (see above)')).toBe(true);
    expect(t.exitCode).toBe(3);
    for (const line of text.split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
  });

  it('with colour, only the mark of that line is coloured', () => {
    const coloured = renderTraceTerminal(t, { color: true, width: 80 });
    expect(coloured).toContain('\u001b[35m?\u001b[39m Port 25 is blocked');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });

  it('the same message under several checks of other causes is told once, then pointed at', () => {
    const same = 'The smart host refused the session.';
    const t2 = traceHops(A, 'x.com', findings(f('smarthost.smtp', 'error', 'stopped', { message: same, remedy: 'Retry.' }), f('smarthost.tls', 'error', 'stopped', { message: same, remedy: 'Retry.' })));
    expect(t2.hops[2]!.notes).toEqual([`smarthost.smtp (error): ${same}`, 'smarthost.tls (error): same as smarthost.smtp above']);
    expect(t2.blocked).toBeUndefined();
  });
});
