// What the spf.* remedies need from the rest of the run: Microsoft's include for the cloud, the hosting addresses.
import type { CheckContext } from '../../engine/types.js';
import { SPF_INCLUDE, type Cloud } from '../../knowledge/microsoft.js';
import { mxFacts } from '../mx/facts.js';
import { hostingAddresses } from '../shared/smart-host.js';

/** Microsoft's SPF include for the cloud the MX points at (commercial when the MX says nothing). */
export async function expectedInclude(ctx: CheckContext): Promise<{ include: string; cloud?: Cloud }> {
  try {
    const facts = await mxFacts(ctx);
    const cloud = facts.targets.find((t) => t.kind.type === 'microsoft')?.kind;
    if (cloud?.type === 'microsoft') return { include: SPF_INCLUDE[cloud.cloud], cloud: cloud.cloud };
  } catch {
    // The MX could not be read: mx.* checks report that; suggest the worldwide include.
  }
  return { include: SPF_INCLUDE.commercial };
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
export const MICROSOFT_INCLUDES: readonly string[] = [...new Set(Object.values(SPF_INCLUDE))];
