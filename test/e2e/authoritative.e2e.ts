// `splitcheck <domain> --authoritative` end to end: the CLI finds the zone's NS through Unbound, then asks the NSD servers themselves.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectStatuses, finding, report, world } from './cli.js';
import { HEALTHY, NS_PRIMARY, NS_SECONDARY, PROPAGATING } from './world.js';

function authoritative(domain: string, ...args: string[]) {
  const w = world();
  // The NS addresses are on loopback; SPLITCHECK_TEST_AUTH_PORT says which port NSD listens on there.
  return runCli([domain, '--resolver', w.resolver, '--authoritative', '--json', '--no-smtp', '--timeout', '3000', ...args], {
    env: { SPLITCHECK_TEST_AUTH_PORT: String(w.authPort) },
    timeoutMs: 60_000,
  });
}

describe('--authoritative against NSD', () => {
  it('healthy.example: both addresses of its NSD agree, dns.consistency passes, exit 0', async () => {
    const r = await authoritative(HEALTHY.domain, '--only', 'mx', '--only', 'dns');
    const rep = report(r);
    expectStatuses(rep, { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass', 'dns.consistency': 'pass' });
    expect(r.code).toBe(0);
    const port = world().authPort;
    expect(rep.input?.authoritative).toEqual({ zone: HEALTHY.domain, servers: [`ns1.${HEALTHY.domain} (${NS_PRIMARY[0]}:${port})`, `ns2.${HEALTHY.domain} (${NS_PRIMARY[1]}:${port})`] });
  });

  it('propagating.example: the lagging secondary is named with its serial and old MX, dns.consistency fails, exit 1', async () => {
    const r = await authoritative(PROPAGATING.domain, '--only', 'mx', '--only', 'dns');
    const rep = report(r);
    // The other checks judge the newest serial's answers: the primary's, cut over.
    expectStatuses(rep, { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass', 'dns.consistency': 'fail' });
    expect(r.code).toBe(1);
    const message = finding(rep, 'dns.consistency').message;
    expect(message).toContain(`ns2.${PROPAGATING.domain} (${NS_SECONDARY[0]}:${world().authPort})`);
    expect(message).toContain('2026112401');
    expect(message).toContain(`mail.${PROPAGATING.domain}`);
    expect(finding(rep, 'dns.consistency').remedy).toBeTruthy();
  });
});
