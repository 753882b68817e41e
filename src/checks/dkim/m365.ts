// dkim.m365: selector1/selector2 `_domainkey` CNAMEs point to Microsoft 365's DKIM hosts, and Microsoft publishes a key there.
import type { DnsResult } from '../../dns/types.js';
import { describeKey } from '../../dkim/inspect.js';
import { isFact } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { hostingVendor } from '../../knowledge/hosting.js';
import {
  DEFENDER_DKIM_PAGE,
  DKIM_CLOUD_NAMES,
  DKIM_CNAME_FORMS,
  M365_SELECTORS,
  inMicrosoftNamespace,
  microsoftDkimTarget,
  sibling,
  type M365Selector,
  type MicrosoftDkimTarget,
} from '../../knowledge/microsoft-dkim.js';
import { describeCaution, describeDefect } from './defects.js';
import { firstHop, keyEvidence, keyFinding, lookupSelector, selectorObserved, txtTexts, type KeyFinding, type SelectorLookup } from './selector.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** What one selector name holds, judged from its lookups. */
type SelectorState =
  | { kind: 'unverified'; lookup: DnsResult }
  | { kind: 'missing' }
  /** A TXT key of its own instead of a CNAME: Microsoft cannot sign with a key it does not hold. */
  | { kind: 'txt' }
  | { kind: 'elsewhere'; target: string }
  /** Inside Microsoft's namespace but none of its DKIM host forms (e.g. `..._domainkey.outlook.com`). */
  | { kind: 'malformed'; target: string }
  /** A Microsoft DKIM host of the other selector. */
  | { kind: 'crossed'; target: string; ms: MicrosoftDkimTarget }
  /** A Microsoft DKIM host of the right selector; `via` is the first hop when it is reached through another alias. */
  | { kind: 'microsoft'; target: string; ms: MicrosoftDkimTarget; via?: string; key: KeyFinding };

interface Judged {
  selector: M365Selector;
  lookup: SelectorLookup;
  state: SelectorState;
}

function judge(selector: M365Selector, lookup: SelectorLookup): SelectorState {
  if (!isFact(lookup.cname)) return { kind: 'unverified', lookup: lookup.cname };
  const hop = firstHop(lookup);
  if (hop === undefined) {
    if (!isFact(lookup.txt)) return { kind: 'unverified', lookup: lookup.txt };
    return txtTexts(lookup.txt).length > 0 ? { kind: 'txt' } : { kind: 'missing' };
  }
  const direct = microsoftDkimTarget(hop);
  if (direct && direct.selector !== selector) return { kind: 'crossed', target: hop, ms: direct };
  // Whether the key is there (and, for an alias chain, where it ends) needs the TXT answer.
  if (!isFact(lookup.txt)) return { kind: 'unverified', lookup: lookup.txt };
  if (direct) return { kind: 'microsoft', target: hop, ms: direct, key: keyFinding(lookup.txt) };
  for (const record of lookup.txt.cnames.slice(1)) {
    const ms = record.type === 'CNAME' ? microsoftDkimTarget(record.data) : undefined;
    if (ms && record.type === 'CNAME') {
      if (ms.selector !== selector) return { kind: 'crossed', target: record.data, ms };
      return { kind: 'microsoft', target: record.data, ms, via: hop, key: keyFinding(lookup.txt) };
    }
  }
  return inMicrosoftNamespace(hop) ? { kind: 'malformed', target: hop } : { kind: 'elsewhere', target: hop };
}

function hasKey(state: SelectorState): boolean {
  return state.kind === 'microsoft' && state.key.state === 'one' && state.key.inspection.ok;
}

/** One phrase per selector that is wrong or missing, for the fail messages. */
function problem(j: Judged): string | undefined {
  const { name } = j.lookup;
  const s = j.state;
  switch (s.kind) {
    case 'missing':
      return `${name} does not exist`;
    case 'txt':
      return `${name} is a TXT key of its own, not a CNAME to Microsoft: Microsoft 365 cannot sign with a key it does not hold`;
    case 'elsewhere': {
      const vendor = hostingVendor(s.target);
      return `${name} is a CNAME to ${s.target}${vendor ? ` (${vendor})` : ''}, not to Microsoft`;
    }
    case 'malformed':
      return `${name} is a CNAME to ${s.target}, which is in Microsoft's namespace but none of its DKIM host forms (${j.selector}-<domain>._domainkey.<tenant>.onmicrosoft.com and the like)`;
    case 'crossed':
      return `${name} is a CNAME to ${s.target}, the key of ${s.ms.selector}, not of ${j.selector}`;
    default:
      return undefined;
  }
}

/** The key Microsoft publishes behind a selector, or why there is none, for messages (the targets are in `observed`). */
function keyPhrase(j: Judged): string {
  const s = j.state;
  if (s.kind !== 'microsoft') return '';
  switch (s.key.state) {
    case 'none':
      return `${j.selector}: no key`;
    case 'several':
      return `${j.selector}: ${s.key.texts.length} TXT records`;
    case 'one':
      return s.key.inspection.ok
        ? `${j.selector}: ${describeKey(s.key.inspection.key)}`
        : `${j.selector}: unusable key (${describeDefect(s.key.inspection.defect)})`;
  }
}

function selectorEvidence(j: Judged): Record<string, unknown> {
  const s = j.state;
  const e: Record<string, unknown> = {
    selector: j.selector,
    name: j.lookup.name,
    state: s.kind,
    lookups: { cname: j.lookup.cname.status, txt: j.lookup.txt.status },
  };
  if ('target' in s) e.target = s.target;
  if (s.kind === 'crossed' || s.kind === 'microsoft') e.microsoft = s.ms;
  if (s.kind === 'microsoft') {
    if (s.via !== undefined) e.via = s.via;
    e.key = keyEvidence(s.key);
  }
  return e;
}

/** The two CNAME targets to publish: copied from a good selector's form when there is one, else the documented form. */
function expectedTargets(ctx: CheckContext, judged: Judged[]): { expected1: string; expected2: string; formsNote: string } {
  const model = judged.find((j) => j.state.kind === 'microsoft' || j.state.kind === 'crossed');
  if (model && (model.state.kind === 'microsoft' || model.state.kind === 'crossed')) {
    const ms = model.state.ms;
    return {
      expected1: sibling(ms, 'selector1'),
      expected2: sibling(ms, 'selector2'),
      formsNote: `These follow the form of the existing ${model.lookup.name} record; compare them with the portal before publishing.`,
    };
  }
  const dashed = ctx.domain.replace(/\./g, '-');
  return {
    expected1: `selector1-${dashed}._domainkey.<tenant>.onmicrosoft.com`,
    expected2: `selector2-${dashed}._domainkey.<tenant>.onmicrosoft.com`,
    formsNote: `The part after _domainkey. is your tenant's ${DKIM_CNAME_FORMS}, and Microsoft may write ${dashed} differently (hyphenated and older domains), so copy both values from the portal.`,
  };
}

const PUBLISH_LINES =
  'selector1._domainkey.{domain}. 3600 IN CNAME {expected1}.\nselector2._domainkey.{domain}. 3600 IN CNAME {expected2}.\n{formsNote}';

export const dkimM365 = defineCheck({
  meta: {
    id: 'dkim.m365',
    title: 'Microsoft 365 DKIM selectors',
    verifies: '`selector1`/`selector2` `_domainkey` CNAMEs point to Microsoft\'s DKIM hosts',
    messages: {
      ok: 'selector1 and selector2 are CNAMEs to Microsoft 365\'s DKIM hosts ({cloud}, {form}) and {keys}: Microsoft 365 signs mail as {domain}, so it aligns with DMARC through DKIM.',
      none: 'Neither selector1._domainkey.{domain} nor selector2._domainkey.{domain} exists: Microsoft 365 signs mail from {domain} with its initial onmicrosoft domain instead, which does not align with {domain} for DMARC. DMARC then rests on SPF alone, and forwarded mail (which breaks SPF) fails it.',
      oneMissing:
        '{problems} ({present}): Microsoft 365 signs with one selector at a time and switches at each key rotation, and DNS does not show which is active, so signatures with the missing one cannot be verified, DKIM does not align and forwarded mail fails DMARC; Microsoft also expects both records before it enables signing.',
      wrong:
        'The Microsoft 365 DKIM selectors do not lead to Microsoft: {problems}. Signatures Microsoft 365 makes with them cannot be verified, so DKIM does not align with {domain} for DMARC and forwarded mail fails DMARC.',
      notSigning:
        'selector1 and selector2 point to Microsoft 365, but no usable key is published behind them ({keys}): DKIM signing is not enabled for {domain}, so Microsoft 365 signs with its initial onmicrosoft domain, DKIM does not align for DMARC and forwarded mail fails DMARC.',
      inconsistent:
        'selector1 and selector2 both point to Microsoft 365 but disagree in {differences} ({targets}): both come from one DKIM configuration, so one was copied from another tenant or an older setup, and signing breaks when Microsoft 365 rotates to it.',
      indirect:
        'Microsoft 365\'s DKIM host is reached only through another alias: {via}. Receivers can find the key, but Microsoft 365 checks the selector CNAMEs themselves and may not enable or keep DKIM signing.',
      unverified: 'Could not look up every DKIM selector: {problems}. Nothing was judged from the missing answers.',
      keyCaution:
        'selector1 and selector2 point to Microsoft 365\'s DKIM hosts, but the key published there is not one every verifier takes: {notes}.',
    },
    remedies: {
      publish: `At your DNS host, publish two CNAME records (the exact values are in ${DEFENDER_DKIM_PAGE}, select {domain}):\n${PUBLISH_LINES}\nThen turn on "Sign messages for this domain with DKIM signatures" on that page.`,
      replace: `At your DNS host, delete what is published at {names} and publish the two CNAME records shown in ${DEFENDER_DKIM_PAGE} for {domain}:\n${PUBLISH_LINES}`,
      enable: `In ${DEFENDER_DKIM_PAGE}, select {domain} and turn on "Sign messages for this domain with DKIM signatures" (Exchange Online PowerShell: Set-DkimSigningConfig -Identity {domain} -Enabled $true, or New-DkimSigningConfig -DomainName {domain} -Enabled $true when the domain has no DKIM configuration yet). Microsoft 365 publishes the keys behind the CNAMEs once the keys exist and signing is on.`,
      recopy: `Copy both CNAME values again from ${DEFENDER_DKIM_PAGE} for {domain} and correct the record that differs; they share one tenant, one form and one domain part:\n${PUBLISH_LINES}`,
      direct: `Point the selectors straight at Microsoft's DKIM hosts:\n${PUBLISH_LINES}`,
      retry: DNS_RETRY_REMEDY,
      rotate: `Microsoft 365 publishes this key, so ask it for a new one: in ${DEFENDER_DKIM_PAGE}, select {domain} and choose "Rotate DKIM keys" (Exchange Online PowerShell: Rotate-DkimSigningConfig -Identity {domain} -KeySize 2048). If the key stays the same, open a case with Microsoft support quoting the record.`,
    },
  },
  async run(ctx) {
    const lookups = await Promise.all(M365_SELECTORS.map((s) => lookupSelector(ctx, s)));
    const judged: Judged[] = M365_SELECTORS.map((selector, i) => ({ selector, lookup: lookups[i]!, state: judge(selector, lookups[i]!) }));
    const observed = lookups.flatMap(selectorObserved);
    const evidence = { selectors: judged.map(selectorEvidence), domainWithDashes: ctx.domain.replace(/\./g, '-') };
    const base = { observed, evidence };
    const data = { domain: ctx.domain, ...expectedTargets(ctx, judged) };
    const problems = judged.flatMap((j) => problem(j) ?? []);
    const names = judged.filter((j) => problem(j) !== undefined).map((j) => j.lookup.name);

    if (judged.some((j) => ['txt', 'elsewhere', 'malformed', 'crossed'].includes(j.state.kind))) {
      return { ...base, status: 'fail', message: 'wrong', remedy: 'replace', data: { ...data, problems, names } };
    }
    const missing = judged.filter((j) => j.state.kind === 'missing');
    if (missing.length === 2) return { ...base, status: 'fail', message: 'none', remedy: 'publish', data };
    if (missing.length === 1) {
      const other = judged.find((j) => j.state.kind !== 'missing')!;
      const present = other.state.kind === 'microsoft' ? `${other.selector} points to Microsoft 365` : `${other.selector} could not be looked up`;
      return { ...base, status: 'fail', message: 'oneMissing', remedy: 'publish', data: { ...data, problems, present } };
    }
    const unverified = judged.flatMap((j) => (j.state.kind === 'unverified' ? [`${j.lookup.name}: ${j.state.lookup.reason ?? j.state.lookup.status}`] : []));
    if (unverified.length > 0) return { ...base, status: 'error', message: 'unverified', remedy: 'retry', data: { problems: unverified } };

    // Both are Microsoft DKIM hosts of the right selector from here on.
    const ms = judged.flatMap((j) => (j.state.kind === 'microsoft' ? [{ j, state: j.state }] : []));
    const targets = ms.map((m) => m.state.target);
    const keys = ms.map((m) => keyPhrase(m.j));
    if (!judged.some((j) => hasKey(j.state))) {
      return { ...base, status: 'fail', message: 'notSigning', remedy: 'enable', data: { ...data, targets, keys } };
    }
    const [a, b] = ms.map((m) => m.state.ms);
    if (a && b) {
      const differences = [
        a.tenant !== b.tenant ? `tenant (${a.tenant} / ${b.tenant})` : '',
        a.cloud !== b.cloud || a.form !== b.form || a.partition !== b.partition ? 'host form' : '',
        a.token !== b.token ? `domain part (${a.token} / ${b.token})` : '',
      ].filter((d) => d !== '');
      if (differences.length > 0) {
        return { ...base, status: 'warn', message: 'inconsistent', remedy: 'recopy', data: { ...data, differences, targets } };
      }
    }
    const indirect = ms.filter((m) => m.state.via !== undefined);
    if (indirect.length > 0) {
      const via = indirect.map((m) => `${m.j.lookup.name} → ${m.state.via ?? ''} → ${m.state.target}`);
      return { ...base, status: 'warn', message: 'indirect', remedy: 'direct', data: { ...data, via } };
    }
    // The same key rules as dkim.hosting (one inspection, src/dkim/inspect.ts): a caution there is one here.
    const cautions = ms.flatMap((m) =>
      m.state.key.state === 'one' && m.state.key.inspection.ok ? m.state.key.inspection.cautions.map((c) => `${m.j.selector}: ${describeCaution(c)}`) : [],
    );
    if (cautions.length > 0) return { ...base, status: 'warn', message: 'keyCaution', remedy: 'rotate', data: { ...data, notes: cautions } };
    const first = ms[0]!.state.ms;
    const usable = ms.flatMap((m) =>
      m.state.key.state === 'one' && m.state.key.inspection.ok ? [{ selector: m.j.selector, key: describeKey(m.state.key.inspection.key) }] : [],
    );
    const unpublished = ms.find((m) => !hasKey(m.state))?.j.selector;
    const keySummary =
      unpublished === undefined
        ? `both publish a key (${[...new Set(usable.map((u) => u.key))].join(', ')})`
        : `${usable[0]!.selector}'s key is published (${usable[0]!.key}); ${unpublished}'s appears when Microsoft 365 rotates to it`;
    const form = first.form === 'v1' ? 'the dkim.mail.microsoft form' : 'the initial-domain form';
    const tokenNote = first.token !== evidence.domainWithDashes ? `, domain written as ${first.token}` : '';
    return {
      ...base,
      status: 'pass',
      message: 'ok',
      data: { ...data, cloud: DKIM_CLOUD_NAMES[first.cloud], form: `${form}${tokenNote}`, keys: keySummary },
    };
  },
});
