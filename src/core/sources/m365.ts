// The Microsoft 365 source (--m365-export): the tenant export read once per run; each domain's rows recorded into the evidence's "m365" section.
import { domainView, type M365Client, type M365DomainView } from '../../m365/domain-view.js';
import type { M365Export } from '../../m365/export-types.js';
import { readM365Export } from '../../m365/read-export.js';
import { failure, ok } from '../../util/result.js';
import type { Gatherer } from './gatherer.js';

export const m365Gatherer: Gatherer<'m365'> = {
  name: 'm365',
  async prepare(settings) {
    const given = settings.m365Export;
    if (given === undefined) return ok(undefined);
    // Read and checked before anything else: a broken file is exit 2 naming the path of the bad value.
    let data: M365Export;
    let label: string;
    if ('file' in given) {
      const read = await readM365Export(given.file, given.label);
      if (!read.ok) return failure(read.error);
      data = read.export;
      label = given.label;
    } else {
      data = given.data;
      label = given.label;
    }
    return ok(() => {
      const views = new Map<string, M365DomainView>();
      const client: M365Client = {
        view(domain) {
          let view = views.get(domain);
          if (!view) views.set(domain, (view = domainView(data, domain, label)));
          return view;
        },
      };
      return { client, record: () => (views.size > 0 ? { m365: [...views.values()][0]! } : {}) };
    });
  },
  // The recorded rows, judged again: the file itself is not needed (nor read) under --replay.
  replay: (evidence) => (evidence.m365 ? { view: () => evidence.m365! } : undefined),
};
