// dkim.hosting: the hosting server's selector (default `default`, cPanel's) publishes one valid DKIM key (RFC 6376 §3.6.1).
import { formatRecord, formatResult } from '../../dns/format.js';
import { describeKey } from '../../dkim/inspect.js';
import { must } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import {
  CPANEL_DELIVERABILITY_PAGE,
  CPANEL_DKIM_SELECTOR,
  RSA_MIN_BITS,
  RSA_RECOMMENDED_BITS,
} from '../../knowledge/hosting-dkim.js';
import { cautionFix, describeCaution, describeDefect } from './defects.js';
import { keyEvidence, keyFinding, selectorName } from './selector.js';

export const dkimHosting = defineCheck({
  meta: {
    id: 'dkim.hosting',
    title: 'Hosting server DKIM key',
    verifies: 'the hosting selector (default `default`) publishes a valid DKIM key',
    messages: {
      ok: 'The hosting server\'s DKIM key at {name} is valid: {key}{via}. Its mail can pass DKIM aligned with {domain}.',
      missing:
        '{name} publishes no DKIM key{via}: the hosting server signs with selector "{selector}" (cPanel\'s default), but receivers cannot find the key, so its mail has no valid DKIM signature and DMARC rests on SPF alone (forwarded mail fails). The record often exists only in the hosting panel\'s own DNS zone, not where {domain}\'s DNS really is.',
      several:
        '{name} has {count} TXT records{via}: RFC 6376 §3.6.2.2 leaves the result undefined, so receivers may use the wrong one and fail the hosting server\'s signatures.',
      revoked: 'The DKIM key at {name}{via} is empty (p=): RFC 6376 §3.6.1 defines that as revoked, so every signature with selector "{selector}" fails.',
      invalid:
        'The DKIM record at {name}{via} is unusable: {problem}. Where it is rejected, the hosting server\'s signatures fail and DMARC rests on SPF alone (forwarded mail fails).',
      weak: 'The DKIM key at {name}{via} is RSA {bits}-bit: RFC 8301 §3.2 forbids verifiers to accept keys under 1024 bits, so the hosting server\'s signatures fail.',
      caution: 'The DKIM key at {name}{via} works ({key}), but {notes}.',
    },
    remedies: {
      publish: `In ${CPANEL_DELIVERABILITY_PAGE}, copy the DKIM record cPanel suggests for {domain} and publish it at the DNS host that really serves {domain} (the one its NS records name):\n{name}. 3600 IN TXT "v=DKIM1; k=rsa; p=<the key cPanel shows>"\nIf the hosting server signs with another selector (the s= tag of the DKIM-Signature header in a message it sent), run again with --dkim-selector <selector>.`,
      several: `At your DNS host, keep only the record ${CPANEL_DELIVERABILITY_PAGE} shows for {name} and delete the others; these are published now: {records}.`,
      republish: `Publish the exact record ${CPANEL_DELIVERABILITY_PAGE} shows for {domain} at {name}, copied whole (a value longer than 255 characters is split into several quoted strings, joined with nothing between). If cPanel itself shows this value, ask the host to generate a new DKIM key for {domain}.`,
      strengthen: `Ask the host (or the server's WHM administrator) for a new ${RSA_RECOMMENDED_BITS}-bit DKIM key for {domain}, then publish the record ${CPANEL_DELIVERABILITY_PAGE} shows at {name}.`,
      caution: 'At {name}: {fixes}.',
    },
  },
  async run(ctx) {
    const selector = ctx.input.dkimSelector ?? CPANEL_DKIM_SELECTOR;
    const name = selectorName(selector, ctx.domain);
    const txt = must(await ctx.dns.query(name, 'TXT', { signal: ctx.signal }));
    const finding = keyFinding(txt);
    const via = txt.cnames.length > 0 ? ` (through the CNAME to ${txt.canonicalName})` : '';
    const data = { name, selector, domain: ctx.domain, via };
    const base = {
      observed: formatResult(txt).split('\n'),
      evidence: { selector, name, lookup: txt.status, cnames: txt.cnames.map((r) => r.data), ...keyEvidence(finding) },
    };
    if (finding.state === 'none') return { ...base, status: 'fail', message: 'missing', remedy: 'publish', data };
    if (finding.state === 'several') {
      const records = txt.records.map(formatRecord);
      return { ...base, status: 'fail', message: 'several', remedy: 'several', data: { ...data, count: finding.texts.length, records } };
    }
    const { inspection } = finding;
    if (!inspection.ok) {
      if (inspection.defect.code === 'revoked') return { ...base, status: 'fail', message: 'revoked', remedy: 'republish', data };
      return { ...base, status: 'fail', message: 'invalid', remedy: 'republish', data: { ...data, problem: describeDefect(inspection.defect) } };
    }
    const { key } = inspection;
    if (key.type === 'rsa' && key.bits < RSA_MIN_BITS) {
      return { ...base, status: 'fail', message: 'weak', remedy: 'strengthen', data: { ...data, bits: key.bits } };
    }
    const notes: string[] = [];
    const fixes: string[] = [];
    if (key.type === 'rsa' && key.bits < RSA_RECOMMENDED_BITS) {
      notes.push(`RSA ${key.bits}-bit is below the ${RSA_RECOMMENDED_BITS} bits RFC 8301 §3.2 asks signers to use`);
      fixes.push(`ask the host for a new ${RSA_RECOMMENDED_BITS}-bit key and publish the record ${CPANEL_DELIVERABILITY_PAGE} then shows`);
    }
    notes.push(...inspection.cautions.map(describeCaution));
    fixes.push(...inspection.cautions.map(cautionFix));
    if (inspection.testing) {
      notes.push('it is flagged as testing (t=y), so receivers may treat signed mail as unsigned (RFC 6376 §3.6.1)');
      fixes.push('remove y from the t= tag once signatures verify');
    }
    const described = { ...data, key: describeKey(key) };
    if (notes.length > 0) return { ...base, status: 'warn', message: 'caution', remedy: 'caution', data: { ...described, notes, fixes } };
    return { ...base, status: 'pass', message: 'ok', data: described };
  },
});
