// `splitcheck spf <domain> --ip <addr>`: evaluate RFC 7208 check_host() for one address, like spfquery.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { createResolver } from '../../dns/resolver.js';
import { safeJson } from '../../report/json.js';
import { renderSpfTrace } from '../../report/spf-trace.js';
import { wantsColor } from '../../report/style.js';
import { checkHost, describeReason, parseClientIp } from '../../spf/index.js';
import { escapeControl } from '../../util/text.js';
import { VERSION } from '../../version.js';
import type { Io } from '../io.js';
import { chosenFormat, networkSettings, type NetworkArgs, type OutputArgs } from '../settings.js';
import { UsageError } from '../usage-error.js';

export interface SpfArgs extends NetworkArgs, OutputArgs {
  domain: string;
  ip: string;
  sender?: string;
  helo?: string;
}

/**
 * The domain goes to check_host() as given (IDNs converted when they can be): a malformed domain
 * is not a usage error here but the RFC 7208 §4.3 result `none`, as a receiver would see it.
 */
function spfDomain(raw: string): string {
  const text = raw.trim().replace(/\.$/, '');
  if (text === '' || /[\s\u0000-\u001f\u007f]/.test(text)) throw new UsageError(`"${escapeControl(raw)}" is not a domain`);
  return /[^\x00-\x7f]/.test(text) ? domainToASCII(text) || text : text;
}

export async function spfCommand(argv: SpfArgs, io: Io): Promise<number> {
  const format = chosenFormat(argv);
  const ip = argv.ip.trim();
  // node:net's isIP accepts a zone index ("fe80::1%eth0"), which check_host()'s parser refuses: that
  // address went on to an exit-0 "none" (invalid-ip) instead of the usage error a bad --ip is.
  if (isIP(ip) === 0 || parseClientIp(ip) === undefined) throw new UsageError(`--ip "${escapeControl(argv.ip)}" is not an IPv4 or IPv6 address`);
  const domain = spfDomain(argv.domain);
  // A MAIL FROM or HELO never holds control characters (RFC 5321 §4.1.2: an SMTP command is one line of
  // printable text), and an SMTP client always sends a HELO name: such a value is a typing or quoting
  // mistake, so bad usage (exit 2), not an identity to evaluate and print. (A HELO that is merely not a
  // valid name, "JUMPIN' JUPITER", is evaluated: RFC 7208 test suite, invalid-hello-macro.)
  if (argv.sender !== undefined && /[\u0000-\u001f\u007f-\u009f]/.test(argv.sender)) {
    throw new UsageError(`--sender "${escapeControl(argv.sender)}" contains a control character; give the MAIL FROM address ("" for the null sender)`);
  }
  if (argv.helo !== undefined && (argv.helo.trim() === '' || /[\u0000-\u001f\u007f-\u009f]/.test(argv.helo))) {
    throw new UsageError(`--helo "${escapeControl(argv.helo)}" is not a HELO name: give the client's host name or address literal`);
  }
  const helo = argv.helo ?? domain;
  // RFC 7208 §2.4: with a null reverse-path, the HELO identity is checked as postmaster@<helo>.
  const sender = argv.sender === undefined ? `postmaster@${domain}` : argv.sender === '' ? `postmaster@${helo}` : argv.sender;
  const network = networkSettings(argv);
  const dns = createResolver({ servers: network.servers, timeoutMs: network.timeoutMs, retries: network.retries });
  const result = await checkHost({ ip, domain, sender, helo, dns });
  if (format === 'json') {
    const doc = {
      schemaVersion: 1,
      tool: { name: 'splitcheck', version: VERSION },
      ip,
      domain,
      sender,
      helo,
      result: result.result,
      explanation: result.explanation ?? null,
      lookups: result.lookups,
      voidLookups: result.voidLookups,
      record: result.record ?? null,
      reason: result.reason ? { ...result.reason, text: describeReason(result.reason) } : null,
      tree: result.tree,
      queries: result.queries,
    };
    io.stdout.write(`${safeJson(doc)}\n`);
  } else {
    io.stdout.write(renderSpfTrace({ ip, domain, sender, helo, result }, { color: wantsColor(io.stdout.isTTY, io.env, argv.color) }));
  }
  // CHECKS.md: 0 whatever the SPF result; only bad usage is 2.
  return 0;
}
