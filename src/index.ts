// splitcheck as a library: check(domain, options) resolving to the JSON report, and what a plugin author needs to write checks.
export { check, type CheckOptions } from './core/check.js';
export { InputError } from './core/errors.js';
export type { Plugin, PluginSpec } from './core/plugins.js';
export { defineCheck } from './engine/define.js';
export { FLOW_IDS } from './engine/flows.js';
export type { Flow, FlowId } from './engine/flows.js';
export { isFact, must, LookupError } from './engine/lookup.js';
export type { SourceClients, SourceName } from './engine/sources.js';
export { STATUSES } from './engine/types.js';
export type {
  Check,
  CheckContext,
  CheckInput,
  CheckMeta,
  Finding,
  Report,
  Status,
  Summary,
  TemplateData,
  TemplateValue,
  Verdict,
  VerdictPart,
} from './engine/types.js';
export type { DnsClient, DnsRecord, DnsResult, DnsStatus, QueryOptions, RRType } from './dns/types.js';
export { VERSION } from './version.js';
