// The SMTP source: the one probe, live (recording every exchange into the evidence's "smtp" section) or replayed from it.
import { createReplaySmtpClient, createSmtpClient } from '../../smtp/client.js';
import { ok } from '../../util/result.js';
import type { Gatherer } from './gatherer.js';

export const smtpGatherer: Gatherer<'smtp'> = {
  name: 'smtp',
  async prepare(settings) {
    if (!settings.smtp) return ok(undefined);
    return ok(() => {
      const client = createSmtpClient({
        timeoutMs: settings.timeoutMs,
        ...(settings.extraCa ? { extraCa: settings.extraCa } : {}),
        ...(settings.heloName ? { heloName: settings.heloName } : {}),
        ...(settings.connect?.smtp ? { connect: settings.connect.smtp } : {}),
      });
      return {
        client,
        record() {
          const probes = client.exchanges();
          return probes.length > 0 ? { smtp: { probes } } : {};
        },
      };
    });
  },
  // A replay never probes: a probe the file does not hold is answered "not in the saved evidence".
  replay: (evidence, input) => (input.noSmtp ? undefined : createReplaySmtpClient(evidence.smtp?.probes ?? [])),
};
