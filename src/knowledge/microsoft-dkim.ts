// Microsoft 365 DKIM facts beyond the host forms (microsoft-hosts.ts): the sibling target, the forms sentence, the cloud names.
import { CLOUDS, CLOUD_IDS, type Cloud } from './clouds.js';
import { DEFENDER } from './consoles.js';
import type { M365Selector, MicrosoftDkimTarget } from './microsoft-hosts.js';

// The forms themselves are parsed by the one host classifier; these names stay importable from here for
// the DKIM check and its tests.
export {
  M365_SELECTORS,
  isMicrosoftName as inMicrosoftNamespace,
  microsoftDkimTarget,
  type DkimTargetForm,
  type M365Selector,
  type MicrosoftDkimTarget,
} from './microsoft-hosts.js';

/** Cloud names for DKIM targets: onmicrosoft.us serves GCC High and DoD alike. */
export const DKIM_CLOUD_NAMES = Object.fromEntries(CLOUD_IDS.map((c) => [c, CLOUDS[c].familyName])) as Record<Cloud, string>;

/** The form of the two CNAMEs, for remedies when none can be copied from the other selector. */
export const DKIM_CNAME_FORMS = `<tenant>.${CLOUDS.commercial.initialDomainSuffix} (custom domains added since May 2025: <tenant>.<letter>-v1.${CLOUDS.commercial.dkimV1Zone}; GCC High/DoD: <tenant>.${CLOUDS['gcc-high'].initialDomainSuffix}; 21Vianet: <tenant>.${CLOUDS.china.initialDomainSuffix})`;

/** Where the exact CNAME values are shown and signing is switched on. */
export const DEFENDER_DKIM_PAGE = DEFENDER.dkim;

/** The target of `selector` in the same form, tenant and token as `other` (both come from one configuration). */
export function sibling(other: MicrosoftDkimTarget, selector: M365Selector): string {
  const parent = other.form === 'v1' ? `${other.partition ?? 'x'}-v1.${CLOUDS[other.cloud].dkimV1Zone ?? CLOUDS.commercial.dkimV1Zone}` : CLOUDS[other.cloud].initialDomainSuffix;
  return `${selector}-${other.token}._domainkey.${other.tenant}.${parent}`;
}
