// List checks: the items a finding is about (mailboxes, IPs, MX hosts), read from its evidence, so a baseline tells a new item from a known one.

/** Most items taken from one finding: the evidence comes from DNS and SMTP answers, which may be hostile. */
export const MAX_ITEMS = 500;

type Reader = (evidence: Record<string, unknown>) => string[];

const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined);

/** RCPT TO probes (smarthost.accepts-mailbox, smarthost.routes-to-m365): a mailbox is a problem when any server did not answer 2xx. */
const refusedMailboxes: Reader = (evidence) =>
  records(evidence['probes']).flatMap((probe) =>
    records(probe['rcpt']).flatMap((r) => {
      const code = typeof r['code'] === 'number' ? r['code'] : undefined;
      const mailbox = text(r['mailbox']);
      return mailbox !== undefined && (code === undefined || code < 200 || code > 299) ? [mailbox] : [];
    }),
  );

/**
 * Check id -> the problem items of a finding that is not a pass. Each reader restates, from the
 * evidence the check records, which items its verdict is about; a check missing here (or evidence of
 * another shape, which gives no items) is compared as one finding.
 */
const READERS: Readonly<Record<string, Reader>> = {
  'smarthost.accepts-mailbox': refusedMailboxes,
  'smarthost.routes-to-m365': refusedMailboxes,
  // check_host() gave anything but pass for the IP (fail, softfail, neutral, none, permerror, temperror).
  'spf.hosting-covered': (evidence) => records(evidence['results']).flatMap((r) => (r['result'] !== 'pass' && text(r['ip']) ? [text(r['ip'])!] : [])),
  // Targets whose resolution found a problem (dangling, no address, a CNAME, an IP literal, unverified).
  'mx.targets-resolve': (evidence) => records(evidence['targets']).flatMap((t) => (t['problem'] !== 'ok' && text(t['exchange']) ? [text(t['exchange'])!] : [])),
  // Addresses that are both a hosting mailbox and a Microsoft 365 recipient.
  'mailboxes.duplicates': (evidence) => records(evidence['duplicates']).flatMap((d) => (text(d['address']) ? [text(d['address'])!] : [])),
  // Microsoft 365 mailboxes no hosting forwarder sends on to an address of theirs outside the domain.
  'mailboxes.hosting-to-m365': (evidence) => records(evidence['mailboxes']).flatMap((m) => (m['reaches'] !== true && text(m['address']) ? [text(m['address'])!] : [])),
  // MX hosts that are neither Microsoft 365 nor a filtering gateway in front of it (the check's isBypass).
  'mx.no-bypass': (evidence) =>
    records(evidence['mx']).flatMap((m) => {
      const kind = typeof m['kind'] === 'object' && m['kind'] !== null ? (m['kind'] as Record<string, unknown>)['type'] : undefined;
      return kind !== 'microsoft' && kind !== 'gateway' && text(m['exchange']) ? [text(m['exchange'])!] : [];
    }),
};

/** The distinct problem items of a non-pass finding, sorted; empty when the check is not a list check or names none. */
export function problemItems(id: string, evidence: unknown): string[] {
  const read = READERS[id];
  if (!read || typeof evidence !== 'object' || evidence === null) return [];
  return [...new Set(read(evidence as Record<string, unknown>))].sort().slice(0, MAX_ITEMS);
}

/** Whether findings of this check are compared item by item. */
export function isListCheck(id: string): boolean {
  return Object.hasOwn(READERS, id);
}
