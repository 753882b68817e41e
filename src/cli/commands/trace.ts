// `splitcheck trace <address>`: the path a message to that address takes, hop by hop, stopping at the first broken one.
import { selectChecks } from '../../engine/select.js';
import { ALL_CHECKS } from '../../checks/index.js';
import { safeJson } from '../../report/json.js';
import { wantsColor } from '../../report/style.js';
import { renderTraceTerminal } from '../../report/trace.js';
import { TRACE_CHECKS, traceHops } from '../../trace/hops.js';
import { escapeControl } from '../../util/text.js';
import { checkReport } from '../../core/run-domain.js';
import { liveSource, prepareGatherers } from '../../core/sources/index.js';
import { readCaFile } from '../../input/ca-file.js';
import { parseMailboxShape, setupInput } from '../../input/setup.js';
import type { Io } from '../io.js';
import { chosenFormat, networkSettings, type NetworkArgs, type OutputArgs } from '../settings.js';
import { testSmtpRoutes } from '../test-routes.js';
import { orUsage, UsageError } from '../usage-error.js';
import { reportWidth } from '../width.js';

export interface TraceArgs extends NetworkArgs, OutputArgs {
  address: string;
  smartHost?: string;
  tlsName?: string;
  caFile?: string;
  smtp?: boolean;
}

export async function traceCommand(argv: TraceArgs, io: Io): Promise<number> {
  const format = chosenFormat(argv);
  const text = argv.address.trim();
  const at = text.lastIndexOf('@');
  if (at <= 0) throw new UsageError(`"${escapeControl(text)}" is not an e-mail address: trace follows one address, e.g. splitcheck trace alice@yourcompany.com`);
  // Refusals name "address" (trace has no --mailbox option), and the domain part is judged as a domain.
  const checked = orUsage(parseMailboxShape(text, 'yourcompany.com', 'address'));
  const domain = checked.slice(checked.lastIndexOf('@') + 1);
  // The address is the hosting mailbox the probes ask for, at Microsoft 365 and at the smart host.
  const input = orUsage(setupInput({ ...argv, mailbox: [checked] }, domain));
  const address = input.mailboxes![0]!;
  const selection = selectChecks(ALL_CHECKS, [...TRACE_CHECKS]);
  if (!selection.ok) throw new UsageError(selection.error);
  const network = networkSettings(argv);
  const extraCa = argv.caFile === undefined ? undefined : orUsage(await readCaFile(argv.caFile));
  // Test-only: SPLITCHECK_TEST_SMTP_ROUTES sends chosen port-25 targets to loopback servers (src/cli/test-routes.ts).
  const connect = testSmtpRoutes(io.env);
  const live = { timeoutMs: network.timeoutMs, smtp: argv.smtp !== false, ...(extraCa ? { extraCa } : {}), ...(connect ? { connect: { smtp: connect } } : {}) };
  const source = liveSource(network, orUsage(await prepareGatherers(live)));
  const report = await checkReport({ domain, input, checks: selection.checks, source, strict: false, network });
  const trace = traceHops(address, domain, report.results);
  if (format === 'json') {
    io.stdout.write(`${safeJson({ schemaVersion: 1, ...trace, report })}\n`);
  } else {
    io.stdout.write(renderTraceTerminal(trace, { color: wantsColor(io.stdout.isTTY, io.env, argv.color), width: reportWidth(io, { max: 120, fallback: 100 }) }));
  }
  return trace.exitCode;
}
