// The full check of a split domain with both inside sources, every check selected: the bin and check() agree, replay reproduces it, the token stays out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/index.js';
import { listForwarders, listMxs, listPops } from '../helpers/cpanel-imitation.js';
import { contractExit, CPANEL_HOST, everything, makePkis, replayWorld, runWorld, startWorld, timeless, type LoopbackWorld, type PkiSet, type Status } from '../helpers/inside-loopback.js';
import { DOMAIN, healthyTenant, healthyZone, MX, SMART_HOST, TENANT } from '../helpers/tenant.js';

const TOKEN = 'P0O9I8U7Y6T5R4E3W2Q1A2S3D4F5G6H7';
const EVERYTHING = ['mx', 'spf', 'autodiscover', 'dkim', 'dmarc', 'mtasts', 'smarthost', 'm365', 'hosting', 'mailboxes'];

let pkis: PkiSet;
beforeAll(async () => {
  pkis = await makePkis(SMART_HOST);
});

function fullWorld(overrides: Partial<LoopbackWorld> = {}): LoopbackWorld {
  return {
    domain: DOMAIN,
    zone: {
      ...healthyZone(),
      [`_dmarc.${DOMAIN}`]: [{ TXT: 'v=DMARC1; p=quarantine; rua=mailto:dmarc@fabrikam.test' }],
      [`autodiscover.${DOMAIN}`]: [{ CNAME: 'autodiscover.outlook.com' }],
      'autodiscover.outlook.com': [{ A: '198.51.100.30' }],
    },
    export: healthyTenant(),
    smtp: {
      [`${SMART_HOST}:25`]: { kind: 'exim', certificate: pkis.smtp.leaves.good, mailboxes: ['bob@fabrikam.test', 'carol@fabrikam.test'] },
      [`${MX}:25`]: { kind: 'edge', mode: 'internal-relay', domains: [DOMAIN], mailboxes: ['ann.lee@fabrikam.test'] },
    },
    cpanel: {
      user: 'fabrikam',
      token: TOKEN,
      answers: {
        list_mxs: listMxs(DOMAIN, 'local', 'local', [[0, MX]]),
        list_pops: listPops('fabrikam', ['bob@fabrikam.test', 'carol@fabrikam.test']),
        list_forwarders: listForwarders([
          ['ann.lee@fabrikam.test', `ann.lee@${TENANT}`],
          ['info@fabrikam.test', `info@${TENANT}`],
          ['sales@fabrikam.test', `sales@${TENANT}`],
        ]),
      },
    },
    only: EVERYTHING,
    ...overrides,
  };
}

describe('every check, both inside sources', () => {
  it('the bin: the eight inside checks pass, the exit code is the statuses\', the probes used the connector and cPanel, replay is identical', async () => {
    const running = await startWorld(fullWorld(), pkis);
    try {
      const live = await runWorld(running, 'bin');
      expect(live.report, live.stderr).toBeDefined();
      const statuses = live.report!.results.map((f) => f.status as Status);
      expect(live.code).toBe(contractExit(statuses));
      for (const f of live.report!.results) expect(f.messageId, `${f.id}: ${f.message}`).not.toMatch(/^engine\.(crashed|badVerdict|unknownMessage|timedOut)$/);
      for (const id of ['m365.accepted-domain', 'm365.connector', 'm365.connector-tls', 'm365.direct-send', 'm365.dkim-signing', 'hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365']) {
        expect(live.byId[id]?.status, `${id}: ${live.byId[id]?.message}`).toBe('pass');
      }
      // The smart host came from the connector, the hosting mailboxes probed from cPanel's list (and the report says so).
      expect(live.byId['smarthost.resolves']!.message).toContain('To the hosting server');
      expect(live.byId['smarthost.accepts-mailbox']!.message).toMatch(/cPanel/);
      expect(everything(live)).not.toContain(TOKEN);
      const replay = await replayWorld(running, DOMAIN, EVERYTHING, 'bin');
      expect(replay.code).toBe(live.code);
      expect(timeless(replay.report)).toEqual(timeless(live.report));
    } finally {
      await running.close();
    }
  });

  it('check() gives the report the CLI gives, with the token read from the environment only', async () => {
    const world = fullWorld();
    const running = await startWorld(world, pkis);
    const saved = process.env['SPLITCHECK_CPANEL_TOKEN'];
    try {
      const cli = await runWorld(running, 'main');
      const routes = JSON.parse(running.env['SPLITCHECK_TEST_SMTP_ROUTES']!) as Record<string, string>;
      const https = JSON.parse(running.env['SPLITCHECK_TEST_HTTPS_ROUTES']!) as Record<string, string>;
      const hook = (table: Record<string, string>) => (target: { host: string; port: number }) => {
        const to = table[`${target.host.toLowerCase()}:${target.port}`];
        if (!to) return undefined;
        const [host, port] = to.split(':');
        return { host: host!, port: Number(port) };
      };
      process.env['SPLITCHECK_CPANEL_TOKEN'] = TOKEN;
      const caFile = join(running.dir, 'ca.pem');
      writeFileSync(caFile, pkis.smtp.ca.cert + pkis.cpanel.ca.cert);
      const report = await check(DOMAIN, {
        resolvers: [`127.0.0.1:${running.dns.port}`],
        timeout: 3000,
        retries: 0,
        caFile,
        helo: 'probe.splitcheck.test',
        only: EVERYTHING,
        m365Export: running.exportPath!,
        cpanel: { url: `https://${CPANEL_HOST}:2083`, user: 'fabrikam' },
        connect: { smtp: hook(routes), cpanel: hook(https) },
      });
      expect(JSON.stringify(report)).not.toContain(TOKEN);
      const byId = Object.fromEntries(report.results.map((f) => [f.id, f.status]));
      expect(byId).toEqual(Object.fromEntries(cli.report!.results.map((f) => [f.id, f.status])));
      expect(report.exitCode).toBe(cli.code);
    } finally {
      if (saved === undefined) delete process.env['SPLITCHECK_CPANEL_TOKEN'];
      else process.env['SPLITCHECK_CPANEL_TOKEN'] = saved;
      await running.close();
    }
  });
});
