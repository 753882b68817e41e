// Wording of the findings the engine itself produces (lookup failures, crashes, timeouts, skips).
import type { DnsResult } from '../dns/types.js';
import { escapeControl } from '../util/text.js';

/** The remedy of a check whose own DNS lookups went unanswered: shared wording, written once. */
export const DNS_RETRY_REMEDY = 'Run again, or use another resolver (--resolver) or a longer --timeout.';

/**
 * Names and reasons come from DNS (a CNAME target, an NS name in a referral, an exception's text):
 * their control characters are escaped here as fillTemplate escapes a verdict's data, so a line
 * break in a message is always the wording's, never a forged report line.
 */
export const engineMessages = {
  lookupFailed: (r: DnsResult) =>
    `Could not look up the ${r.question.type} record of ${escapeControl(r.question.name)}: ${escapeControl(r.reason ?? r.status)}. Nothing was judged from the missing answer.`,
  lookupRemedy:
    'This is a problem reaching DNS from here, not necessarily in your zone. Run again; if it persists, try another resolver (--resolver 1.1.1.1), a longer --timeout, or ask the domain\'s DNS host whether its servers answer.',
  crashed: (reason: string) => `The check stopped on an internal error: ${escapeControl(reason)}.`,
  crashedRemedy:
    'This is a bug in splitcheck, not a finding about your domain. Please report it with the evidence file of the run (--save-evidence run.json).',
  timedOut: (ms: number) => `The check did not finish within ${Math.round(ms / 1000)} s and was stopped.`,
  timedOutRemedy: 'A server is answering very slowly. Run again, or raise --timeout.',
  unknownMessage: (kind: 'message' | 'remedy', key: string) =>
    `The check named the ${kind} "${escapeControl(key)}", which its meta.${kind === 'message' ? 'messages' : 'remedies'} does not define: this is a bug in the check, not a finding about your domain.`,
  badVerdict: (why: string) => `The check returned no valid verdict (${escapeControl(why)}): this is a bug in the check, not a finding about your domain.`,
  pluginCrashedRemedy: (plugin: string) =>
    `This is a bug in the plugin ${escapeControl(plugin)}, not a finding about your domain: report it to whoever wrote the plugin, with the evidence file of the run (--save-evidence run.json).`,
  checkBugRemedy:
    "Report it to the check's author (for a plugin, whoever wrote the plugin) with the evidence file of the run (--save-evidence run.json).",
} as const;

/**
 * The message ids of the findings the engine itself produces (a finding's `messageId`): dotted, so they
 * never collide with a check's own keys.
 */
export const ENGINE_MESSAGE_IDS = {
  lookupFailed: 'engine.lookupFailed',
  crashed: 'engine.crashed',
  timedOut: 'engine.timedOut',
  unknownMessage: 'engine.unknownMessage',
  badVerdict: 'engine.badVerdict',
  /** A needed source was not given: `engine.needs.smtp`, ... */
  needs: (source: string) => `engine.needs.${source}`,
} as const;
