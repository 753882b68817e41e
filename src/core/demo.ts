// The demo's world: a DNS server serving the example zone and SMTP servers imitating the hosting server and Microsoft's edge, all on loopback.
import { DEMO_DOMAIN, DEMO_HOSTING_MAILBOX, DEMO_SMTP, DEMO_ZONE } from '../demo/world.js';
import { DEMO_CPANEL, DEMO_CPANEL_HOST, DEMO_CPANEL_TOKEN, DEMO_CPANEL_USER, DEMO_EXPORT } from '../demo/inside.js';
import { startCpanelServer } from '../testbed/cpanel-server.js';

const DEMO_CPANEL_URL = `https://${DEMO_CPANEL_HOST}:2083`;
const DEMO_EXPORT_LABEL = 'northwind-m365.json (the demo tenant)';
import { formatServer } from '../dns/servers.js';
import type { CheckInput } from '../engine/types.js';
import type { SmtpConnectHook } from '../smtp/types.js';
import { createTestPki } from '../testbed/certs.js';
import { startDnsServer } from '../testbed/dns-server.js';
import { loopbackRoutes, type RunningSmtpServer } from '../testbed/smtp-common.js';
import { startEximServer } from '../testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../testbed/smtp-microsoft.js';
import type { LiveSettings, NetworkSettings } from './sources/index.js';

interface DemoSmtp {
  connect: SmtpConnectHook;
  /** The hosting account's cPanel (UAPI over HTTPS), served under the hosting server's own name. */
  cpanel: SmtpConnectHook;
  /** The demo CA, trusted like --ca-file: the certificate's only fault is then the missing intermediate. */
  extraCa: string[];
  servers: { close(): Promise<void> }[];
}

/** Starts the demo's smart host (Exim/cPanel imitation) and Microsoft edge on loopback, routed from port 25. */
async function startDemoSmtp(): Promise<DemoSmtp> {
  const { smartHost, microsoft } = DEMO_SMTP;
  const pki = await createTestPki({ hostname: smartHost.host, wrongName: smartHost.serverName });
  const [exim, edge, cpanel] = await Promise.all([
    startEximServer({
      hostname: smartHost.serverName,
      domains: [DEMO_DOMAIN],
      mailboxes: [...smartHost.mailboxes],
      routing: smartHost.routing,
      tls: pki.leaves[smartHost.certificate],
    }),
    startMicrosoftEdgeServer({ mode: microsoft.mode, acceptedDomains: [DEMO_DOMAIN], mailboxes: [...microsoft.mailboxes], hostname: microsoft.host }),
    // The leaf issued for the server's own name (the smart host's "wrong name" case) is right for its cPanel.
    startCpanelServer({ tls: pki.leaves.wrongName, account: DEMO_CPANEL }),
  ]);
  return {
    connect: loopbackRoutes({ [`${smartHost.host}:25`]: exim, [`${microsoft.host}:25`]: edge }),
    cpanel: loopbackRoutes({ [`${DEMO_CPANEL_HOST}:2083`]: { host: '127.0.0.1', port: cpanel.port } }),
    extraCa: [pki.ca.cert],
    servers: [exim, edge, cpanel],
  };
}

/** A running demo world: what `splitcheck <domain>` would be given for it, and how to stop it. */
export interface DemoWorld {
  domain: string;
  input: CheckInput;
  network: NetworkSettings;
  live: LiveSettings;
  /** Says where the answers come from, for the report's subtitle. */
  subtitle: string;
  close(): Promise<void>;
}

/**
 * Starts the example domain's world on loopback. The real resolver, checks and SMTP probe then run against
 * it unchanged; port 25 of the names is routed to the loopback servers by a connect hook.
 */
export async function startDemoWorld(): Promise<DemoWorld> {
  const server = await startDnsServer({ zone: DEMO_ZONE });
  let smtp: DemoSmtp | undefined;
  // Whatever started is closed, also when starting the rest failed: nothing keeps the process alive.
  const close = async () => {
    await Promise.all([server.close(), ...(smtp?.servers ?? []).map((s) => s.close())]);
  };
  try {
    smtp = await startDemoSmtp();
  } catch (err) {
    await close();
    throw err;
  }
  const network = { servers: [server.address], timeoutMs: 2000, retries: 1 };
  return {
    domain: DEMO_DOMAIN,
    // What a user would pass: one hosting mailbox; the random local part is fixed so the demo reads the same every time.
    // The inside view too: the tenant's export (in memory) and the hosting account's cPanel (on loopback).
    input: {
      mailboxes: [DEMO_HOSTING_MAILBOX],
      probeLocalPart: 'splitcheck-probe-demo',
      m365Export: DEMO_EXPORT_LABEL,
      cpanel: { url: DEMO_CPANEL_URL, user: DEMO_CPANEL_USER },
    },
    network,
    live: {
      timeoutMs: network.timeoutMs,
      smtp: true,
      connect: { smtp: smtp.connect, cpanel: smtp.cpanel },
      extraCa: smtp.extraCa,
      m365Export: { data: DEMO_EXPORT, label: DEMO_EXPORT_LABEL },
      cpanel: { url: DEMO_CPANEL_URL, user: DEMO_CPANEL_USER, token: DEMO_CPANEL_TOKEN },
    },
    subtitle: `Demo: an example domain with typical mistakes, served by a DNS server on ${formatServer(server.address)}, SMTP servers and a cPanel on 127.0.0.1, with an example Microsoft 365 export. Nothing leaves this machine.`,
    close,
  };
}
