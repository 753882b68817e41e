// Public API of the SPF evaluator: check_host(), the whole-tree analysis, the parser and the macro expander.

export { checkHost, checkMailFrom, createSpfSession, type CheckHostOptions, type CheckMailFromOptions, type SpfSession } from './check-host.js';
export { analyzeSpf, reachesDomain, type AnalyzeOptions, type IncludeUse, type SpfAnalysis } from './analyze.js';
export { parseRecord, isSpfRecord } from './record-parse.js';
export { parseMacroString, parseDomainSpec, type MacroParse, type MacroSyntax } from './macro-parse.js';
export type { DomainProblem } from './domain-name.js';
export { expandMacro, expandDomain, type MacroContext } from './macro-expand.js';
export { selectSpfRecord, type Selection } from './select.js';
export { mailFromIdentity, splitSender, type SenderParts } from './identity.js';
export { parseClientIp, type IpAddress } from './ip.js';
export { describeReason, describeStop, describeSyntaxError } from './messages.js';
export { stoppedAt, type StopPoint } from './stopped-at.js';
export * from './constants.js';
export type * from './ast.js';
export type * from './result.js';
export type { QueryTrace } from './dns.js';
