// What explain says for a value the bounce does not give: a phrase in prose, a placeholder where the text is syntax (an address, a PowerShell value, a host name), never a phrase posing as the value.
import { describe, expect, it } from 'vitest';
import { explainBounce } from '../../src/explain/index.js';
import { BOUNCE_KNOWLEDGE } from '../../src/knowledge/bounces.js';

/** Stand-in phrases (src/explain/match.ts DEFAULTS) where a value belongs: the leaks issue 14 found and their kin. */
const LEAKS = [
  /(TO|FROM):\s*<?the\b/i, // "answered RCPT TO:the recipient"
  /\s-[A-Za-z]+ (the|as named)\b/, // "Set-AcceptedDomain -Identity the recipient's domain"
  /[.@](the|as named)\b/, // "mail.the recipient's domain", "user@the ..."
  /\bthe [a-z' ]+?(domain|server|recipient|sender)[.@][a-z]/i, // "the recipient's domain.onmicrosoft.com"
  /[.!?]\s+the (recipient|sender|receiving|sending|server)/, // a sentence starting in lower case
];

async function diagnosesOf(text: string) {
  const result = await explainBounce(new TextEncoder().encode(`${text}\n`));
  if (!result.ok) return [];
  return result.explanation.diagnoses;
}

describe('explain without the values', () => {
  // Every entry's own reply text, pasted alone: no recipient, sender, server or host to fill in.
  const replies = [...new Set(BOUNCE_KNOWLEDGE.flatMap((k) => k.codes))];

  it(`no stand-in phrase poses as a value in any diagnosis of the ${replies.length} replies the knowledge names`, async () => {
    let diagnosed = 0;
    for (const reply of replies) {
      for (const d of await diagnosesOf(`Remote Server returned '${reply}'`)) {
        diagnosed += 1;
        for (const text of [d.explanation, d.fix]) for (const leak of LEAKS) expect(text, `${d.id}: ${text}`).not.toMatch(leak);
      }
    }
    expect(diagnosed).toBeGreaterThan(replies.length / 2);
  });

  it('the edge block without an address: RCPT TO:<recipient> and -Identity <domain>, the phrase only in prose', async () => {
    const [d] = await diagnosesOf('Remote Server returned 550 5.4.1 Recipient address rejected: Access denied. AS(201806281)');
    expect(d?.id).toBe('m365-authoritative');
    expect(d!.explanation).toContain('Microsoft 365 answered RCPT TO:<recipient> with 550 5.4.1');
    expect(d!.explanation).toContain(". The recipient's domain is an Authoritative accepted domain");
    expect(d!.fix).toContain('Set-AcceptedDomain -Identity <domain> -DomainType InternalRelay');
  });

  it('with the address, the values themselves', async () => {
    const [d] = await diagnosesOf("carol@contoso.com\nRemote Server returned '550 5.4.1 [carol@contoso.com]: Recipient address rejected: Access denied. AS(201806281)'");
    expect(d!.explanation).toContain('RCPT TO:<carol@contoso.com>');
    expect(d!.fix).toContain('Set-AcceptedDomain -Identity contoso.com -DomainType InternalRelay');
  });
});
