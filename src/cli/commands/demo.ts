// `splitcheck demo`: the full check of a built-in example domain, served by a DNS server and SMTP servers on loopback.
import { ALL_CHECKS } from '../../checks/index.js';
import { DEMO_DOMAIN, DEMO_HOSTING_MAILBOX, DEMO_SMTP, DEMO_ZONE } from '../../demo/world.js';
import { formatServer } from '../../dns/servers.js';
import type { CheckInput } from '../../engine/types.js';
import type { SmtpConnectHook } from '../../smtp/types.js';
import { createTestPki } from '../../testbed/certs.js';
import { startDnsServer } from '../../testbed/dns-server.js';
import { loopbackRoutes, type RunningSmtpServer } from '../../testbed/smtp-common.js';
import { startEximServer } from '../../testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../../testbed/smtp-microsoft.js';
import type { Io } from '../io.js';
import { chosenFormat, type OutputArgs } from '../settings.js';
import { liveSource, runFullCheck } from '../run-check.js';

export type DemoArgs = OutputArgs;

const OUTCOME: Record<number, string> = {
  0: 'exit 0 (all in order)',
  1: 'exit 1 (problems found)',
  3: 'exit 3 (some checks could not be verified)',
};

interface DemoSmtp {
  connect: SmtpConnectHook;
  /** The demo CA, trusted like --ca-file: the certificate's only fault is then the missing intermediate. */
  extraCa: string[];
  servers: RunningSmtpServer[];
}

/** Starts the demo's smart host (Exim/cPanel imitation) and Microsoft edge on loopback, routed from port 25. */
async function startDemoSmtp(): Promise<DemoSmtp> {
  const { smartHost, microsoft } = DEMO_SMTP;
  const pki = await createTestPki({ hostname: smartHost.host, wrongName: smartHost.serverName });
  const [exim, edge] = await Promise.all([
    startEximServer({
      hostname: smartHost.serverName,
      domains: [DEMO_DOMAIN],
      mailboxes: [...smartHost.mailboxes],
      routing: smartHost.routing,
      tls: pki.leaves[smartHost.certificate],
    }),
    startMicrosoftEdgeServer({ mode: microsoft.mode, acceptedDomains: [DEMO_DOMAIN], mailboxes: [...microsoft.mailboxes], hostname: microsoft.host }),
  ]);
  return {
    connect: loopbackRoutes({ [`${smartHost.host}:25`]: exim, [`${microsoft.host}:25`]: edge }),
    extraCa: [pki.ca.cert],
    servers: [exim, edge],
  };
}

/**
 * Runs exactly what `splitcheck <domain>` runs — the real resolver, the real checks, the real SMTP
 * probe — against a loopback DNS server serving the example zone and loopback SMTP servers standing in
 * for the hosting server and Microsoft's MX (port 25 routed to them by a connect hook). The demo itself exits 0 when it ran; the report
 * says what a real run would have exited with.
 */
export async function demoCommand(argv: DemoArgs, io: Io): Promise<number> {
  const format = chosenFormat(argv);
  const server = await startDnsServer({ zone: DEMO_ZONE });
  let smtp: DemoSmtp | undefined;
  try {
    smtp = await startDemoSmtp();
    const network = { servers: [server.address], timeoutMs: 2000, retries: 1 };
    // What a user would pass: one hosting mailbox; the random local part is fixed so the demo reads the same every time.
    const input: CheckInput = { mailboxes: [DEMO_HOSTING_MAILBOX], probeLocalPart: 'splitcheck-probe-demo' };
    const { report, output } = await runFullCheck(
      {
        domain: DEMO_DOMAIN,
        input,
        checks: ALL_CHECKS,
        source: liveSource(network, { smtp: true, connect: smtp.connect, extraCa: smtp.extraCa }),
        strict: false,
        format,
        network,
        ...(argv.color === undefined ? {} : { color: argv.color }),
        ...(argv.verbose === undefined ? {} : { verbose: argv.verbose }),
        subtitle: `Demo: an example domain with typical mistakes, served by a DNS server on ${formatServer(server.address)} and SMTP servers on 127.0.0.1. Nothing leaves this machine.`,
      },
      io,
    );
    io.stdout.write(output);
    if (format === 'terminal') {
      io.stdout.write(
        `\nThis was the demo; a real run would end with ${OUTCOME[report.exitCode] ?? `exit ${report.exitCode}`}.\n` +
          'Check your own domain with: splitcheck yourcompany.com\n',
      );
    }
    return 0;
  } finally {
    // Whatever started is closed, also when starting the rest failed: nothing keeps the process alive.
    await Promise.all([server.close(), ...(smtp?.servers ?? []).map((s) => s.close())]);
  }
}
