// traceHops: findings to hops — the first broken hop decides, later ones are not reached, a bypass MX is only a note.
import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../../src/engine/types.js';
import { smarthostCertificate } from '../../src/checks/smarthost/certificate.js';
import { TRACE_CHECKS, traceHops } from '../../src/trace/hops.js';

function findings(overrides: Partial<Record<string, Partial<Finding> & { status: Status }>>): Finding[] {
  return TRACE_CHECKS.map((id) => ({ id, title: id, status: 'pass', message: `${id} ok`, messageId: 'ok', evidence: {}, ...overrides[id] }));
}

describe('traceHops', () => {
  it('all pass: every hop ok, exit 0', () => {
    const t = traceHops('a@x.com', 'x.com', findings({}));
    expect(t.hops.map((h) => h.verdict)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(t.exitCode).toBe(0);
    expect(t.brokenAt).toBeUndefined();
  });

  it('a leftover MX elsewhere is a note on the MX hop, not a break of this path', () => {
    const t = traceHops('a@x.com', 'x.com', findings({ 'mx.no-bypass': { status: 'fail', message: 'Backup MX mail.x.com', remedy: 'Delete it' } }));
    expect(t.hops[0]).toMatchObject({ verdict: 'ok', notes: ['mx.no-bypass (fail): Backup MX mail.x.com'] });
    expect(t.exitCode).toBe(0);
  });

  it('the first broken hop gets the bounce and the fix; the hops after it are not reached', () => {
    const t = traceHops(
      'a@x.com',
      'x.com',
      findings({
        'smarthost.loop': { status: 'fail', message: 'The smart host is Microsoft 365', remedy: 'Point the connector at the hosting server' },
        'smarthost.accepts-mailbox': { status: 'fail', message: 'relay refused' },
      }),
    );
    expect(t.hops.map((h) => h.verdict)).toEqual(['ok', 'ok', 'broken', 'not-reached']);
    expect(t.hops[2]).toMatchObject({ bounce: '554 5.4.14 Hop count exceeded - possible mail loop', fix: 'Point the connector at the hosting server' });
    expect(t.hops[3]!.notes).toEqual([]);
    expect(t).toMatchObject({ brokenAt: 'connector', exitCode: 1 });
  });

  it('the connector bounce names the certificate problem found: SubjectMismatch (4.7.320) or UntrustedRoot (4.4.317)', () => {
    // The check's own message templates and keys: the trace reads the key (messageId), never the wording.
    const messages = smarthostCertificate.meta.messages;
    const bounce = (key: keyof typeof messages, also?: (keyof typeof messages)[]) =>
      traceHops('a@x.com', 'x.com', findings({ 'smarthost.certificate': { status: 'fail', message: messages[key], messageId: key, ...(also ? { messageIds: [key, ...also] } : {}) } })).hops[2]!
        .bounce;
    expect(bounce('nameMismatch')).toMatch(/^451 4\.7\.320 .*SubjectMismatch/);
    expect(bounce('missingIntermediate')).toMatch(/^450 4\.4\.317 .*UntrustedRoot/);
    expect(bounce('selfSigned')).toMatch(/^450 4\.4\.317 .*UntrustedRoot/);
    expect(bounce('expired')).toMatch(/^450 4\.4\.317 /);
    expect(bounce('expired')).not.toMatch(/SubjectMismatch/);
    // Several problems at once: a chain Exchange Online does not trust decides before the name.
    expect(bounce('nameMismatch', ['missingIntermediate'])).toMatch(/^450 4\.4\.317 .*UntrustedRoot/);
    expect(bounce('nameMismatch', ['expired'])).not.toMatch(/SubjectMismatch/);
    // The wording alone decides nothing: a message that quotes "SubjectMismatch" under another key is not that deferral.
    expect(
      traceHops('a@x.com', 'x.com', findings({ 'smarthost.certificate': { status: 'fail', message: 'SubjectMismatch', messageId: 'untrusted' } })).hops[2]!.bounce,
    ).not.toMatch(/4\.7\.320/);
  });

  it('quotes the refusal the probe heard at the hosting server', () => {
    const t = traceHops(
      'a@x.com',
      'x.com',
      findings({
        'smarthost.accepts-mailbox': {
          status: 'fail',
          message: 'refused',
          observed: ['mail.x.com [203.0.113.5]:25:', '  C: RCPT TO:<a@x.com>', '  S: 550 5.1.1 <a@x.com>: No Such User Here'],
        },
      }),
    );
    expect(t.hops[3]!.bounce).toBe('550 5.1.1 <a@x.com>: No Such User Here (as the server answered the probe)');
  });

  it('an unverified hop makes exit 3; a broken hop after it still makes exit 1', () => {
    const unknown = traceHops('a@x.com', 'x.com', findings({ 'm365.internal-relay': { status: 'error', message: 'port 25 blocked' } }));
    expect(unknown.hops[1]!.verdict).toBe('unknown');
    expect(unknown.exitCode).toBe(3);
    const both = traceHops(
      'a@x.com',
      'x.com',
      findings({ 'm365.internal-relay': { status: 'error', message: 'blocked' }, 'smarthost.certificate': { status: 'fail', message: 'leaf only', remedy: 'Send the chain' } }),
    );
    expect(both.hops.map((h) => h.verdict)).toEqual(['ok', 'unknown', 'broken', 'not-reached']);
    expect(both.exitCode).toBe(1);
  });
});
