// --wait's judgement of a run: settled only when dns.consistency passes and the exit code is 0; otherwise what it waits for and the TTLs that bound it.
import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../src/core/wait-judge.js';
import type { Finding } from '../../src/engine/types.js';

const f = (id: string, status: Finding['status'], evidence: Record<string, unknown> = {}): Finding => ({ id, status, title: id, message: `${id} ${status}`, messageId: 'm', evidence });

const lagging = {
  zone: 'contoso.com',
  newestSerial: 2026010102,
  servers: [
    { name: 'ns1.contoso.com', host: '192.0.2.1', port: 53, serial: 2026010102, refresh: 3600 },
    { name: 'ns2.contoso.com', host: '192.0.2.2', port: 53, serial: 2026010101, refresh: 7200 },
  ],
  disagreements: [{ question: 'contoso.com MX', pattern: 'lagging', cacheTtl: 300, groups: [] }],
};

describe('judgeRun', () => {
  it('settled: the servers agree and the run exits 0', () => {
    expect(judgeRun([f('dns.consistency', 'pass'), f('mx.present', 'pass'), f('dmarc.record', 'warn')], 0)).toEqual({ settled: true });
  });

  it('servers that disagree: who lags at which serial, the SOA refresh that bounds it and the TTL caches may keep', () => {
    const j = judgeRun([f('dns.consistency', 'fail', lagging), f('mx.no-bypass', 'pass')], 1);
    expect(j).toEqual({
      settled: false,
      waitingFor:
        'the authoritative servers of contoso.com to agree (fail: ns2.contoso.com (192.0.2.2) at serial 2026010101, the others at 2026010102); secondaries pull a change on NOTIFY or at the latest after the SOA refresh of 7200 s; resolvers may keep the old answer for up to 300 s (its TTL) after that',
    });
  });

  it('agreeing servers but failing checks: waits for those checks (fails and errors; warnings only when they are what blocks)', () => {
    expect(judgeRun([f('dns.consistency', 'pass'), f('mx.no-bypass', 'fail'), f('dmarc.record', 'warn'), f('spf.all', 'error')], 1)).toEqual({
      settled: false,
      waitingFor: 'mx.no-bypass (fail) and spf.all (error) to pass',
    });
    expect(judgeRun([f('dns.consistency', 'pass'), f('dmarc.record', 'warn')], 1)).toEqual({ settled: false, waitingFor: 'dmarc.record (warn) to pass' });
  });

  it('a pass of the checks is not enough while the servers disagree (serials differ: warn)', () => {
    const j = judgeRun([f('dns.consistency', 'warn', { ...lagging, disagreements: [] }), f('mx.present', 'pass')], 0);
    expect(j.settled).toBe(false);
    expect(!j.settled && j.waitingFor).toContain('(warn: ns2.contoso.com (192.0.2.2) at serial 2026010101, the others at 2026010102)');
  });

  it('with a baseline, only the counted (new or worse) checks are named', () => {
    const j = judgeRun([f('dns.consistency', 'pass'), f('mx.no-bypass', 'fail'), f('autodiscover.srv', 'fail')], 1, new Set(['mx.no-bypass']));
    expect(j).toEqual({ settled: false, waitingFor: 'mx.no-bypass (fail) to pass' });
  });

  it('without dns.consistency in the run it never settles, and says why', () => {
    expect(judgeRun([f('mx.present', 'pass')], 0)).toEqual({ settled: false, waitingFor: 'dns.consistency to run (it was not selected)' });
  });

  it('hostile evidence (control characters, wrong types) is escaped or ignored', () => {
    const j = judgeRun([f('dns.consistency', 'fail', { zone: 'x\u001b[2J.com', servers: 'nope', disagreements: [{ cacheTtl: -1 }, { cacheTtl: 'x' }] })], 1);
    expect(!j.settled && j.waitingFor).toBe('the authoritative servers of x\\x1b[2J.com to agree (fail: servers at the same serial serve different records)');
  });
});
