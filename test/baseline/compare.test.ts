// Baseline comparison: new, worse, known, better, fixed and unchecked problems, keyed by domain, check id and (list checks) item; the exit code counts new and worse only.
import { describe, expect, it } from 'vitest';
import { compareReport, comparedExitCode, entriesOf, type ComparedFinding, type ComparedReport } from '../../src/baseline/compare.js';
import { problemItems } from '../../src/baseline/items.js';

const f = (id: string, status: ComparedFinding['status'], evidence: unknown = {}, message = `${id} is ${status}`): ComparedFinding => ({ id, status, message, evidence });
const report = (results: ComparedFinding[], domain = 'contoso.com'): ComparedReport => ({ domain, results });

/** smarthost.accepts-mailbox evidence: each mailbox with the RCPT reply code it got. */
const rcpt = (codes: Record<string, number>) => ({
  mailboxes: Object.keys(codes),
  probes: [{ address: '203.0.113.25', mailFrom: '250 OK', rcpt: Object.entries(codes).map(([mailbox, code]) => ({ mailbox, code, reply: `${code} x` })) }],
});

describe('compareReport', () => {
  it('one known and one new failure: the new one counts, the known one is named and does not', () => {
    const before = entriesOf(report([f('mx.present', 'pass'), f('autodiscover.srv', 'fail'), f('spf.all', 'pass')]));
    const c = compareReport(before, report([f('mx.present', 'pass'), f('autodiscover.srv', 'fail'), f('spf.all', 'fail')]));
    expect(c.new.map((x) => [x.id, x.status])).toEqual([['spf.all', 'fail']]);
    expect(c.known.map((x) => [x.id, x.status, x.was])).toEqual([['autodiscover.srv', 'fail', 'fail']]);
    expect([c.worsened, c.improved, c.fixed, c.unchecked]).toEqual([[], [], [], []]);
    expect(comparedExitCode([c], false)).toBe(1);
  });

  it('only known problems: exit 0, although the run itself fails', () => {
    const results = [f('autodiscover.srv', 'fail'), f('dmarc.record', 'warn'), f('mtasts.policy', 'error')];
    const c = compareReport(entriesOf(report(results)), report(results));
    expect(c.known).toHaveLength(3);
    expect(comparedExitCode([c], true)).toBe(0);
  });

  it('worse counts (warn -> fail, error -> fail), better does not (fail -> warn, fail -> error)', () => {
    const before = entriesOf(report([f('a.x', 'warn'), f('b.x', 'error'), f('c.x', 'fail'), f('d.x', 'fail')]));
    const c = compareReport(before, report([f('a.x', 'fail'), f('b.x', 'fail'), f('c.x', 'warn'), f('d.x', 'error')]));
    expect(c.worsened.map((x) => `${x.id} ${x.was}->${x.status}`)).toEqual(['a.x warn->fail', 'b.x error->fail']);
    expect(c.improved.map((x) => `${x.id} ${x.was}->${x.status}`)).toEqual(['c.x fail->warn', 'd.x fail->error']);
    expect(comparedExitCode([c], false)).toBe(1);
    const onlyBetter = compareReport(before.filter((e) => e.id >= 'c'), report([f('c.x', 'warn'), f('d.x', 'error')]));
    expect(comparedExitCode([onlyBetter], false)).toBe(0);
  });

  it('a new error is exit 3, a new warning only under --strict', () => {
    const c = compareReport([], report([f('a.x', 'error'), f('b.x', 'warn')]));
    expect(comparedExitCode([c], false)).toBe(3);
    const w = compareReport([], report([f('b.x', 'warn')]));
    expect(comparedExitCode([w], false)).toBe(0);
    expect(comparedExitCode([w], true)).toBe(1);
  });

  it('fixed when the check ran and passes; unchecked when it was skipped or not selected', () => {
    const before = entriesOf(report([f('a.x', 'fail'), f('b.x', 'fail'), f('c.x', 'warn')]));
    const c = compareReport(before, report([f('a.x', 'pass'), f('b.x', 'skip')]));
    expect(c.fixed.map((x) => [x.id, x.was])).toEqual([['a.x', 'fail']]);
    expect(c.unchecked.map((x) => x.id)).toEqual(['b.x', 'c.x']);
    expect(comparedExitCode([c], true)).toBe(0);
  });

  it('a domain the baseline does not hold: every problem is new', () => {
    const c = compareReport(undefined, report([f('a.x', 'fail'), f('b.x', 'pass')]));
    expect(c.inBaseline).toBe(false);
    expect(c.new.map((x) => x.id)).toEqual(['a.x']);
  });

  describe('list checks, item by item', () => {
    it('a new refused mailbox is new although the check failed before; the known one stays known', () => {
      const before = entriesOf(report([f('smarthost.accepts-mailbox', 'fail', rcpt({ 'a@contoso.com': 550, 'b@contoso.com': 250 }))]));
      const c = compareReport(before, report([f('smarthost.accepts-mailbox', 'fail', rcpt({ 'a@contoso.com': 550, 'b@contoso.com': 550 }))]));
      expect(c.new.map((x) => [x.id, x.item])).toEqual([['smarthost.accepts-mailbox', 'b@contoso.com']]);
      expect(c.known.map((x) => [x.id, x.item])).toEqual([['smarthost.accepts-mailbox', 'a@contoso.com']]);
      expect(comparedExitCode([c], false)).toBe(1);
    });

    it('an item fixed while the check still fails on another is fixed; one more accepted mailbox is nothing new', () => {
      const before = entriesOf(report([f('smarthost.accepts-mailbox', 'fail', rcpt({ 'a@contoso.com': 550, 'b@contoso.com': 550 }))]));
      const c = compareReport(before, report([f('smarthost.accepts-mailbox', 'fail', rcpt({ 'a@contoso.com': 250, 'b@contoso.com': 550, 'c@contoso.com': 250 }))]));
      expect(c.fixed.map((x) => x.item)).toEqual(['a@contoso.com']);
      expect(c.known.map((x) => x.item)).toEqual(['b@contoso.com']);
      expect(c.new).toEqual([]);
      expect(comparedExitCode([c], false)).toBe(0);
    });

    it('when the list check cannot judge its items now (no connection), its known items are unchecked, not fixed', () => {
      const before = entriesOf(report([f('smarthost.accepts-mailbox', 'fail', rcpt({ 'a@contoso.com': 550 }))]));
      const c = compareReport(before, report([f('smarthost.accepts-mailbox', 'error', { reason: 'timeout' })]));
      expect(c.unchecked.map((x) => x.item)).toEqual(['a@contoso.com']);
      expect(c.new.map((x) => [x.id, x.item, x.status])).toEqual([['smarthost.accepts-mailbox', undefined, 'error']]);
    });

    it('items are read from each list check\'s evidence, lower-cased, de-duplicated and sorted', () => {
      expect(problemItems('spf.hosting-covered', { results: [{ ip: '203.0.113.25', result: 'softfail' }, { ip: '203.0.113.26', result: 'pass' }, { ip: '2001:DB8::1', result: 'temperror' }] })).toEqual(['2001:db8::1', '203.0.113.25']);
      expect(problemItems('mx.targets-resolve', { targets: [{ exchange: 'a.contoso.com', problem: 'dangling' }, { exchange: 'b.contoso.com', problem: 'ok' }] })).toEqual(['a.contoso.com']);
      expect(problemItems('mx.no-bypass', { mx: [{ exchange: 'x.mail.protection.outlook.com', kind: { type: 'microsoft' } }, { exchange: 'MAIL.contoso.com', kind: { type: 'other' } }, { exchange: 'gw.example', kind: { type: 'gateway' } }] })).toEqual(['mail.contoso.com']);
      expect(problemItems('smarthost.accepts-mailbox', { probes: [{ rcpt: [{ mailbox: 'B@contoso.com', code: 550 }] }, { rcpt: [{ mailbox: 'b@contoso.com', code: 450 }] }] })).toEqual(['b@contoso.com']);
      expect(problemItems('mailboxes.duplicates', { duplicates: [{ address: 'Ann@contoso.com' }, { address: 'bob@contoso.com' }] })).toEqual(['ann@contoso.com', 'bob@contoso.com']);
      expect(problemItems('mailboxes.hosting-to-m365', { mailboxes: [{ address: 'ann@contoso.com', reaches: true }, { address: 'cy@contoso.com', reaches: false }] })).toEqual(['cy@contoso.com']);
      // Evidence of another shape gives no items: the finding is then compared whole.
      expect(problemItems('spf.hosting-covered', { results: 'x' })).toEqual([]);
      expect(problemItems('spf.hosting-covered', null)).toEqual([]);
      expect(problemItems('mx.present', { mx: [{ exchange: 'a', kind: { type: 'other' } }] })).toEqual([]);
    });

    it('a hostile list is bounded', () => {
      const many = { results: Array.from({ length: 5000 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, result: 'fail' })) };
      expect(problemItems('spf.hosting-covered', many)).toHaveLength(500);
    });
  });

  it('the key is stable across runs: the same report twice compares as all known, whatever the order of results', () => {
    const results = [f('a.x', 'fail'), f('smarthost.accepts-mailbox', 'fail', rcpt({ 'b@contoso.com': 550, 'a@contoso.com': 550 })), f('c.x', 'error')];
    const c = compareReport(entriesOf(report(results)), report([...results].reverse()));
    expect(c.known).toHaveLength(4);
    expect(c.new.length + c.fixed.length + c.worsened.length).toBe(0);
  });
});
