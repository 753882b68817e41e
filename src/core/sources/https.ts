// The HTTPS source: the MTA-STS policy fetch, live only (the evidence file does not record it; a replay has none).
import { createPolicyFetcher } from '../../mtasts/fetch.js';
import { ok } from '../../util/result.js';
import type { Gatherer } from './gatherer.js';

export const httpsGatherer: Gatherer<'https'> = {
  name: 'https',
  async prepare(settings) {
    // The same trust as the SMTP probes (--ca-file) and the run's timeout; one fetcher serves every domain.
    const client = createPolicyFetcher({
      timeoutMs: settings.timeoutMs,
      ...(settings.extraCa ? { extraCa: settings.extraCa } : {}),
      ...(settings.connect?.https ? { connect: settings.connect.https } : {}),
    });
    return ok(() => ({ client, record: () => ({}) }));
  },
  replay: () => undefined,
};
