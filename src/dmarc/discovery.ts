// Which TXT records at _dmarc.<domain> receivers take for a DMARC record (RFC 7489 §6.6.3 step 2), per the grammar and per the receivers compared.

/**
 * How one TXT record is found. RFC 7489 §6.4: `dmarc-version = "v" *WSP "=" *WSP %x44.4d.41.52.43.31`
 * at the very start ("v" in any case, as ABNF strings are; "DMARC1" exactly), then a `;` or the end.
 * The receivers splitcheck is compared with (test/e2e/dmarc-differential.e2e.ts) test text instead:
 */
export interface DmarcDiscovery {
  /** The record starts with the RFC 7489 §6.4 dmarc-version. */
  rfc: boolean;
  /** Mail::DMARC (fetch_dmarc_record): its first 8 characters are `v=dmarc1` in any case, nothing between. */
  mailDmarc: boolean;
  /** OpenDMARC (dmarc_dns_get_record): it contains `v=DMARC` anywhere, in that case. */
  openDmarc: boolean;
}

const RFC_VERSION = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;

export function discoverDmarc(text: string): DmarcDiscovery {
  return {
    rfc: RFC_VERSION.test(text),
    mailDmarc: text.slice(0, 8).toLowerCase() === 'v=dmarc1',
    openDmarc: text.includes('v=DMARC'),
  };
}

/** Whether a TXT record is a DMARC record by the grammar: receivers that follow it discard the others (RFC 7489 §6.6.3). */
export function isDmarcRecord(text: string): boolean {
  return RFC_VERSION.test(text);
}

/** The compared receivers that miss a record the grammar accepts, or find one it does not. */
export function receiversThatDiffer(d: DmarcDiscovery): { miss: string[]; find: string[] } {
  const named: [string, boolean][] = [
    ['Mail::DMARC', d.mailDmarc],
    ['OpenDMARC', d.openDmarc],
  ];
  return {
    miss: d.rfc ? named.filter(([, found]) => !found).map(([n]) => n) : [],
    find: d.rfc ? [] : named.filter(([, found]) => found).map(([n]) => n),
  };
}
