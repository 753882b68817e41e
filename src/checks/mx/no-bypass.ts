// mx.no-bypass: no MX record at any preference lets mail reach anything but Microsoft 365.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { describeMx, mxEvidence, mxFacts, type MxTarget } from './facts.js';

function isBypass(t: MxTarget): boolean {
  // A filtering gateway forwards to Microsoft 365 (judged by mx.m365-primary); anything else bypasses it.
  return t.kind.type !== 'microsoft' && t.kind.type !== 'gateway';
}

export const mxNoBypass = defineCheck({
  meta: {
    id: 'mx.no-bypass',
    title: 'No MX bypasses Microsoft 365',
    verifies: 'no MX at any preference points anywhere but Microsoft 365',
    messages: {
      ok: 'Every MX record points at Microsoft 365{gatewayNote}.',
      noMx: 'No MX records to judge (see mx.present).',
      bypassFirst:
        'Mail can reach {hosts} before or alongside Microsoft 365: that mail skips Microsoft 365, so its mailboxes miss it and its filtering never sees it.',
      bypassBackup:
        'Backup MX {hosts} sits beside Microsoft 365: senders use it whenever Microsoft 365 is slow, and spammers target it directly; that mail skips Microsoft 365 and its filtering.',
      incomplete:
        'The {kept} MX records judged all point at Microsoft 365, but the answer holds {omitted} more that splitcheck does not keep: a bypass among them could not be ruled out.',
    },
    remedies: {
      delete:
        'At your DNS host, delete the MX record(s) {hosts}{vendorNote}. The hosting server needs no MX in a split domain: Microsoft 365 relays mail for hosting mailboxes to it through the outbound connector (smart host).',
      incomplete: 'At your DNS host, delete the surplus MX records: a split domain needs only the Microsoft 365 MX.',
    },
  },
  async run(ctx) {
    const facts = await mxFacts(ctx);
    const base = { evidence: mxEvidence(facts), observed: facts.observed };
    if (facts.outcome !== 'records') return { ...base, status: 'skip', message: 'noMx' };
    const bypass = facts.targets.filter(isBypass);
    // Unseen records (beyond the client's cap) may bypass Microsoft 365: no pass on a partial set.
    if (bypass.length === 0 && facts.omitted > 0) {
      return { ...base, status: 'error', message: 'incomplete', remedy: 'incomplete', data: { omitted: facts.omitted, kept: facts.lookup.records.length } };
    }
    if (bypass.length === 0) {
      const gateways = facts.targets.flatMap((t) => (t.kind.type === 'gateway' ? [t.kind.vendor] : []));
      const gatewayNote = gateways.length > 0 ? ` or at the filtering gateway ${[...new Set(gateways)].join(', ')}` : '';
      return { ...base, status: 'pass', message: 'ok', data: { gatewayNote } };
    }
    const lowestMicrosoft = Math.min(
      ...facts.targets.filter((t) => t.kind.type === 'microsoft').map((t) => t.preference),
    );
    const vendors = [...new Set(bypass.flatMap((t) => (t.kind.type === 'other' && t.kind.vendor ? [t.kind.vendor] : [])))];
    const data = {
      hosts: bypass.map(describeMx),
      vendorNote: vendors.length > 0 ? ` (left over from ${vendors.join(' and ')})` : '',
    };
    const first = bypass.some((t) => t.preference <= lowestMicrosoft);
    return { ...base, status: 'fail', message: first ? 'bypassFirst' : 'bypassBackup', remedy: 'delete', data };
  },
});
