// The report formats by name (--format): each one a pure renderer, (report, options) => string.
import type { Report } from '../engine/types.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export const FORMAT_NAMES = ['terminal', 'json', 'junit', 'markdown'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Every renderer's options in one bag; each renderer takes what applies to it and ignores the rest. */
export interface RenderOptions {
  /** terminal: ANSI colour (default off: the CLI decides with wantsColor). */
  color?: boolean;
  /** terminal: wrap width in columns. */
  width?: number;
  /** terminal: show what was observed under passing checks too. */
  verbose?: boolean;
  /** terminal, markdown: a line under the title (resolvers asked, replayed evidence, the demo). */
  subtitle?: string;
  /** junit, markdown: `--strict`, warnings fail the run. Default: the report's own `input.strict`. */
  strict?: boolean;
}

export type Renderer = (report: Report, options: RenderOptions) => string;

export const FORMATS: Record<FormatName, Renderer> = {
  terminal: (report, o) =>
    renderTerminal(report, {
      color: o.color ?? false,
      ...(o.width === undefined ? {} : { width: o.width }),
      ...(o.verbose === undefined ? {} : { verbose: o.verbose }),
      ...(o.subtitle === undefined ? {} : { subtitle: o.subtitle }),
    }),
  json: (report) => renderJson(report),
  junit: (report, o) => renderJunit(report, o.strict === undefined ? {} : { strict: o.strict }),
  markdown: (report, o) =>
    renderMarkdown(report, {
      ...(o.strict === undefined ? {} : { strict: o.strict }),
      ...(o.subtitle === undefined ? {} : { subtitle: o.subtitle }),
    }),
};

/** Whether `name` is a format (for validating `--format`). */
export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}
