// The world itself: real NSD, Unbound and Exim answer as the other e2e tests assume, and nothing outside the fixtures resolves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messageArrivals } from './harness/exim.js';
import { dnsQuery, smtpGreeting } from './harness/net.js';
import { world } from './cli.js';
import { BROKEN, HEALTHY, NS_PRIMARY, NS_SECONDARY, PROPAGATING } from './world.js';

const unbound = () => {
  const [host, port] = world().resolver.split(':');
  return { host: host!, port: Number(port) };
};

describe('the e2e daemons', () => {
  it('NSD answers the fixture zones authoritatively at every NS address; the secondary lags one serial behind', async () => {
    const { authPort } = world();
    for (const address of NS_PRIMARY) {
      const soa = await dnsQuery(address, authPort, HEALTHY.domain, 'SOA', { rd: false });
      expect(soa).toMatchObject({ rcode: 'NOERROR', aa: true });
    }
    const serial = async (address: string) => {
      const soa = await dnsQuery(address, authPort, PROPAGATING.domain, 'SOA', { rd: false });
      return (soa.answers[0]?.data as { serial: number }).serial;
    };
    expect(await serial(NS_PRIMARY[0])).toBe(2026112402);
    expect(await serial(NS_SECONDARY[0])).toBe(2026112401);
  });

  it('Unbound resolves through NSD (recursion available, not authoritative)', async () => {
    const { host, port } = unbound();
    const mx = await dnsQuery(host, port, HEALTHY.domain, 'MX');
    expect(mx).toMatchObject({ rcode: 'NOERROR', aa: false });
    expect(mx.answers.map((a) => a.data)).toEqual([{ preference: 0, exchange: HEALTHY.msMx }]);
  });

  it('the TXT answer of healthy.example is truncated over UDP: the checks that read it needed TCP', async () => {
    const { host, port } = unbound();
    const txt = await dnsQuery(host, port, HEALTHY.domain, 'TXT');
    expect(txt.tc).toBe(true);
  });

  it('nothing outside the fixture zones resolves: Unbound has nowhere else to ask', async () => {
    const { host, port } = unbound();
    const started = performance.now();
    for (const name of ['example.org', 'outlook.office365.com', 'cpanelemaildiscovery.cpanel.net']) {
      const answer = await dnsQuery(host, port, name, 'A', { timeoutMs: 3000 });
      expect(answer.rcode, name).toBe('SERVFAIL');
    }
    // Refused at once by NSD, not timed out against unreachable root servers.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('both smart hosts are Debian Exim daemons; the Microsoft MX is not (the imitation)', async () => {
    const w = world();
    expect(await smtpGreeting('127.0.0.1', w.eximLocalPort)).toMatch(new RegExp(`^220 ${HEALTHY.smartHost} ESMTP Exim 4\\.\\d+`));
    expect(await smtpGreeting('127.0.0.1', w.eximRemotePort)).toMatch(new RegExp(`^220 ${BROKEN.smartHost} ESMTP Exim 4\\.\\d+`));
    expect(w.eximVersion).toMatch(/^Exim version 4\.\d+/);
    expect(readFileSync(w.logs['exim-local']!, 'utf8')).toMatch(/daemon started: pid=\d+, no queue runs, listening for SMTP on \[127\.0\.0\.1\]:\d+/);
  });

  it("the check for arrivals reads Exim's log as Exim writes it", () => {
    const log = [
      '2026-11-24 04:18:23 H=(probe.test) [127.0.0.1] F=<> rejected RCPT <zed@healthy.example>: 5.1.1 No Such User Here',
      '2026-11-24 04:18:24 1vNXyz-000AbC-Qr <= <> H=(probe.test) [127.0.0.1] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 S=321',
      '2026-11-24 04:18:24 1vNXyz-000AbC-Qr => anna <anna@healthy.example> R=hosting_mailbox T=local_delivery',
    ].join('\n');
    expect(messageArrivals(log)).toHaveLength(2);
  });
});
