// What the spf.* remedies need from the rest of the run: Microsoft's include for the cloud, the hosting addresses.
import type { CheckContext } from '../../engine/types.js';
import { CLOUDS, MICROSOFT_SPF_INCLUDES, type Cloud } from '../../knowledge/clouds.js';
import { mxFacts } from '../mx/facts.js';
import { hostingAddresses } from '../shared/smart-host.js';

/** Microsoft's SPF include for the cloud the MX points at (commercial when the MX says nothing). */
export async function expectedInclude(ctx: CheckContext): Promise<{ include: string; cloud?: Cloud }> {
  try {
    const facts = await mxFacts(ctx);
    const cloud = facts.targets.find((t) => t.kind.type === 'microsoft')?.kind;
    if (cloud?.type === 'microsoft') return { include: CLOUDS[cloud.cloud].spfInclude, cloud: cloud.cloud };
  } catch {
    // The MX could not be read: mx.* checks report that; suggest the worldwide include.
  }
  return { include: CLOUDS.commercial.spfInclude };
}

/** The hosting addresses when they are known, for writing a record out; never throws. */
export async function knownHostingIps(ctx: CheckContext): Promise<string[]> {
  try {
    const found = await hostingAddresses(ctx);
    return found.source === 'none' ? [] : found.addresses;
  } catch {
    return [];
  }
}

/** Every Microsoft SPF include, whatever the cloud. */
export const MICROSOFT_INCLUDES: readonly string[] = MICROSOFT_SPF_INCLUDES;
