// The report's areas: the id prefix of each check and the heading it is grouped under.

const AREAS: readonly [prefix: string, heading: string][] = [
  ['mx', 'MX records'],
  ['spf', 'SPF'],
  ['dkim', 'DKIM'],
  ['dmarc', 'DMARC'],
  ['autodiscover', 'Autodiscover'],
  ['mtasts', 'MTA-STS'],
  ['smarthost', 'Smart host (hosting server)'],
  ['m365', 'Microsoft 365'],
  ['hosting', 'Hosting account (cPanel)'],
  ['mailboxes', 'Mailboxes on both platforms'],
  ['dns', 'DNS propagation'],
];

export function areaOf(id: string): string {
  return id.split('.')[0] ?? id;
}

export function areaHeading(area: string): string {
  return AREAS.find(([prefix]) => prefix === area)?.[1] ?? area;
}

/** Group items by area, areas in first-seen order (the registry's order). */
export function groupByArea<T extends { id: string }>(items: readonly T[]): [area: string, items: T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const area = areaOf(item.id);
    const list = groups.get(area) ?? [];
    list.push(item);
    groups.set(area, list);
  }
  return [...groups];
}
