// The cPanel source (--cpanel-url, --cpanel-user, SPLITCHECK_CPANEL_TOKEN): UAPI live, recorded into the evidence's "cpanel" section (never the token), or replayed.
import { parseCpanelToken, parseCpanelUrl, parseCpanelUser } from '../../cpanel/account.js';
import { liveCpanelSource, replayCpanelSource } from '../../cpanel/source.js';
import { failure, ok } from '../../util/result.js';
import type { Gatherer } from './gatherer.js';

export const cpanelGatherer: Gatherer<'cpanel'> = {
  name: 'cpanel',
  async prepare(settings) {
    const given = settings.cpanel;
    if (!given) return ok(undefined);
    if (!given.url || !given.user) return failure('reading cPanel needs both --cpanel-url and --cpanel-user (and the API token in SPLITCHECK_CPANEL_TOKEN)');
    const url = parseCpanelUrl(given.url);
    if (!url.ok) return failure(url.error);
    const user = parseCpanelUser(given.user);
    if (!user.ok) return failure(user.error);
    const token = parseCpanelToken(given.token);
    if (!token.ok) return failure(token.error);
    return ok(() => {
      // One source per domain: its calls (and their recording) are that domain's.
      const source = liveCpanelSource({
        url: url.value,
        user: user.value,
        token: token.value,
        timeoutMs: settings.timeoutMs,
        ...(settings.extraCa ? { extraCa: settings.extraCa } : {}),
        ...(settings.connect?.cpanel ? { connect: settings.connect.cpanel } : {}),
      });
      return { client: source, record: () => (source.evidence().calls.length > 0 ? { cpanel: source.evidence() } : {}) };
    });
  },
  replay: (evidence) => (evidence.cpanel ? replayCpanelSource(evidence.cpanel) : undefined),
};
