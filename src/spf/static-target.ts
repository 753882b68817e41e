// Targets known without an SMTP session: a domain-spec whose only macro is %{d} expands from the record's domain alone.

import type { MacroString, Mechanism } from './ast.js';
import { withoutTrailingDot } from './domain-name.js';
import { expandDomain } from './macro-expand.js';
import { macroLetters } from './macro-parse.js';

// Never read: only %{d} is expanded here, and the other fields exist to satisfy the context type.
const PLACEHOLDER = { sender: '', local: '', senderDomain: '', helo: '', receiver: '', timestamp: 0, ip: { family: 4, bytes: [0, 0, 0, 0] } } as const;

/** The expanded domain-spec, or undefined when it depends on the sender, the IP or the HELO name. */
export function staticDomain(spec: MacroString, domain: string): string | undefined {
  for (const letter of macroLetters(spec)) if (letter !== 'd') return undefined;
  return expandDomain(spec, { ...PLACEHOLDER, domain });
}

/** The name a mechanism looks up (its domain-spec or the current domain), when it is IP- and sender-independent. */
export function staticMechanismTarget(mechanism: Mechanism, domain: string): string | undefined {
  switch (mechanism.kind) {
    case 'include':
    case 'exists':
      return staticDomain(mechanism.domain, domain);
    case 'a':
    case 'mx':
    case 'ptr':
      return mechanism.domain ? staticDomain(mechanism.domain, domain) : withoutTrailingDot(domain);
    default:
      return undefined;
  }
}
