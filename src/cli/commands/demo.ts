// `splitcheck demo`: the full check of a built-in example domain, served by a DNS server and SMTP servers on loopback.
import { ALL_CHECKS } from '../../checks/index.js';
import { startDemoWorld } from '../../core/demo.js';
import { exitWording } from '../../engine/exit-codes.js';
import { liveSource, prepareGatherers } from '../../core/sources/index.js';
import type { Io } from '../io.js';
import { chosenFormat, type OutputArgs } from '../settings.js';
import { runFullCheck } from '../full-check.js';
import { orUsage } from '../usage-error.js';

export type DemoArgs = OutputArgs;

/** " (problems found)" after the exit code a real run would end with. */
function outcome(code: number): string {
  const words = exitWording(code)?.short;
  return words ? ` (${words})` : '';
}

/**
 * Runs exactly what `splitcheck <domain>` runs — the real resolver, the real checks, the real SMTP
 * probe — against the demo world on loopback (src/core/demo.ts). The demo itself exits 0 when it ran;
 * the report says what a real run would have exited with.
 */
export async function demoCommand(argv: DemoArgs, io: Io): Promise<number> {
  const format = chosenFormat(argv);
  const world = await startDemoWorld();
  try {
    const gatherers = orUsage(await prepareGatherers(world.live));
    const { report, output } = await runFullCheck(
      {
        domain: world.domain,
        input: world.input,
        checks: ALL_CHECKS,
        source: liveSource(world.network, gatherers),
        strict: false,
        format,
        network: world.network,
        ...(argv.color === undefined ? {} : { color: argv.color }),
        ...(argv.verbose === undefined ? {} : { verbose: argv.verbose }),
        ...(argv.summary === undefined ? {} : { summary: argv.summary }),
        subtitle: world.subtitle,
      },
      io,
    );
    io.stdout.write(output);
    if (format === 'terminal') {
      io.stdout.write(
        `\nThis was the demo; a real run would end with exit ${report.exitCode}${outcome(report.exitCode)}.\n` +
          'Check your own domain with: splitcheck yourcompany.com\n',
      );
    }
    return 0;
  } finally {
    await world.close();
  }
}
