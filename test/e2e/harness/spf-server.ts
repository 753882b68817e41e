// Serves the SPF differential worlds: every name from their zone, but SERVFAIL for the names SERVFAIL_LABEL marks.
import type { Packet } from 'dns-packet';
import { startDnsServer, type DnsTestServer, type Zone } from '../../../src/testbed/dns-server.js';
import { SERVFAIL_LABEL } from './spf-worlds.js';

export function serveSpfWorlds(zone: Zone): Promise<DnsTestServer> {
  return startDnsServer({
    zone,
    handler: (query, _transport, _rinfo, { defaultResponse }) => {
      if (!SERVFAIL_LABEL.test(query.questions[0]?.name ?? '')) return undefined;
      const packet = defaultResponse();
      return packet === 'drop' ? packet : ({ ...packet, flags: ((packet.flags ?? 0) & ~0xf & ~0x400) | 2, answers: [], authorities: [] } satisfies Packet);
    },
  });
}
