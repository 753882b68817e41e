// Table-driven SMTP check tests: each world (servers on loopback behind a connect hook) must get the listed status for each check.
import { beforeAll, describe, expect, it } from 'vitest';
import { createReplaySmtpClient } from '../../../src/smtp/client.js';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import { expectScriptedInvariants, expectSmtpExplained } from '../../helpers/invariants.js';
import { DEFAULT_ZONE, DOMAIN, exampleTest, smtpFindings } from '../../helpers/smtp-servers.js';
import { expectWording, messagesOf, runWorld, runZone, statusesOf, worldTitle } from '../../helpers/world.js';
import { pki, SCRIPTED_WORLDS } from './scripted-worlds.js';
import { SMARTHOST_WORLDS } from './worlds.js';

let pkis: { default: TestPki; wildcard: TestPki };
beforeAll(async () => {
  pkis = {
    default: await createTestPki({ hostname: 'mail.example.test', wrongName: 'server.hosting.test' }),
    wildcard: await createTestPki({ hostname: '*.example.test' }),
  };
});

describe('smarthost.* and m365.* over SMTP worlds', () => {
  for (const world of SMARTHOST_WORLDS) {
    it(worldTitle(world), async () => {
      const run = await runWorld(world, { pkis });
      expect(statusesOf(run.byId, world), messagesOf(run.byId, world)).toEqual(world.expect);
      expectWording(run.byId, world);
      expectSmtpExplained(run);
    });
  }
});

describe('scripted SMTP worlds get the contract statuses', () => {
  for (const world of SCRIPTED_WORLDS) {
    it(worldTitle(world), async () => {
      const run = await runWorld(world, { pkis: { default: pki } });
      expect(statusesOf(run.byId, world), messagesOf(run.byId, world)).toEqual(world.expect);
      expectWording(run.byId, world, run.elapsedMs);
      expectScriptedInvariants(run, world.withinMs ?? 5000);
    });
  }
});

describe('sharing and replay', () => {
  it('one connection per smart-host address serves every smarthost check, one per Microsoft MX', async () => {
    const world = exampleTest({ name: 'shared', input: { mailboxes: ['anna@example.test'] }, expect: {} });
    const run = await runWorld(world, { pkis });
    const [smartHost, edge] = run.servers;
    // The one session, and one more without SNI for smarthost.certificate's comparison (after the first has ended).
    expect(smartHost?.connections).toBe(2);
    expect(edge?.connections).toBe(1);
    expect(run.client!.exchanges()).toHaveLength(3);
    expect(run.client!.exchanges().filter((e) => e.request.sni === false)).toHaveLength(1);
  });

  it('replaying the recorded probes gives identical findings, with nothing listening any more', async () => {
    const now = new Date();
    const world = exampleTest({
      name: 'replayed',
      now,
      input: { mailboxes: ['anna@example.test', 'bob@example.test'] },
      servers: {
        'mail.example.test:25': { kind: 'exim' as const, leaf: 'leafOnly' as const },
        'example-test.mail.protection.outlook.com:25': { kind: 'edge' as const, mode: 'authoritative' as const },
      },
      expect: {},
    });
    const live = await runWorld(world, { pkis });
    const replayed = await runZone(DOMAIN, { zone: DEFAULT_ZONE }, {
      input: { probeLocalPart: 'splitcheck-probe-0123456789', ...world.input },
      smtp: createReplaySmtpClient(live.client!.exchanges()),
      now,
    });
    expect(smtpFindings(replayed)).toEqual(smtpFindings(live));
    expect(live.byId['smarthost.certificate']?.status).toBe('fail');
    expect(live.byId['m365.internal-relay']?.status).toBe('fail');
  });

  it('a wildcard --tls-name is checked against the certificate but never sent as SNI (RFC 6066 §3)', async () => {
    const run = await runWorld(exampleTest({ name: 'sni', smtp: { pki: 'wildcard' }, input: { tlsName: '*.example.test' }, expect: {} }), { pkis });
    const [probe] = run.client!.exchanges().filter((e) => e.request.host === 'mail.example.test');
    expect(probe?.result.tls).toMatchObject({ servername: 'mail.example.test', nameCheck: { name: '*.example.test', matches: true } });
  });

  it('a replay without the probes in its evidence is an error, never a guess', async () => {
    const run = await runZone(DOMAIN, { zone: DEFAULT_ZONE }, { input: { mailboxes: ['anna@example.test'] }, smtp: createReplaySmtpClient([]) });
    for (const id of ['smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox', 'm365.internal-relay']) {
      expect(run.byId[id]?.status, id).toBe('error');
    }
    expect(run.byId['smarthost.smtp']?.message).toMatch(/ENOTINEVIDENCE/);
  });

  it('--no-smtp: every SMTP check is skipped, the DNS-only ones still run', async () => {
    const run = await runZone(DOMAIN, { zone: DEFAULT_ZONE }, { input: { noSmtp: true, mailboxes: ['anna@example.test'] } });
    expect(['smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox', 'm365.internal-relay'].map((id) => run.byId[id]?.status)).toEqual([
      'skip',
      'skip',
      'skip',
      'skip',
      'skip',
    ]);
    expect(run.byId['smarthost.resolves']?.status).toBe('pass');
    expect(run.byId['smarthost.loop']?.status).toBe('pass');
  });
});
