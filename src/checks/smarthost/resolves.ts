// smarthost.resolves: the connector's smart host (--smart-host, or inferred mail.<domain>) resolves to addresses.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { smartHost } from '../shared/smart-host.js';
import { CONNECTOR_PAGE } from './wording.js';

export const smarthostResolves = defineCheck({
  meta: {
    id: 'smarthost.resolves',
    title: 'Smart host resolves',
    verifies: 'the smart host name resolves to addresses',
    messages: {
      ok: 'The smart host {host} resolves to {addresses}.',
      okConnector:
        'The smart host {host} resolves to {addresses} (the smart host of the outbound connector "{connector}" in the Microsoft 365 export).',
      okInferred:
        'The smart host {host} resolves to {addresses} (inferred: {host}; give --smart-host if the connector uses another host).',
      literal: 'The smart host is given as an IP address, {host}: nothing to resolve.',
      unknown: 'Not checked: {reason}. Give --smart-host with the host name the outbound connector uses.',
      nxdomain:
        'The smart host {host} does not exist in DNS (NXDOMAIN): Exchange Online cannot deliver mail for hosting mailboxes and queues it until it expires.',
      noAddress:
        'The smart host {host} has no A or AAAA record: Exchange Online cannot deliver mail for hosting mailboxes and queues it until it expires.',
    },
    remedies: {
      fix: `The connector's smart host must be a resolvable host name or an IP address of the hosting server (${CONNECTOR_PAGE} → Routing). Either correct it there, or publish an A record for {host} with the hosting server's address at your DNS host.`,
    },
  },
  async run(ctx) {
    const sh = await smartHost(ctx);
    if (sh.source === 'none') return { status: 'skip', message: 'unknown', data: { reason: sh.reason } };
    const observed = sh.resolution?.observed ?? [];
    const evidence = { host: sh.host, port: sh.port, source: sh.source, addresses: sh.addresses, outcome: sh.resolution?.outcome ?? 'ip-literal' };
    if (!sh.resolution) return { status: 'pass', message: 'literal', data: { host: sh.host }, evidence };
    if (sh.addresses.length > 0) {
      const message = sh.source === 'inferred' ? 'okInferred' : sh.source === 'connector' ? 'okConnector' : 'ok';
      return { status: 'pass', message, data: { host: sh.host, addresses: sh.addresses, connector: sh.connector ?? '' }, evidence, observed };
    }
    const message = sh.resolution.outcome === 'nxdomain' ? 'nxdomain' : 'noAddress';
    return { status: 'fail', message, remedy: 'fix', data: { host: sh.host }, evidence, observed };
  },
});
