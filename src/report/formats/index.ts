// The report formats by name (--format): adding one is one file here and one line below. Each loads when used; the names are known at start-up (--help).
import type { ReportFormat } from '../format.js';

type Loader = () => Promise<{ format: ReportFormat }>;

export const FORMATS = {
  terminal: () => import('./terminal.js'),
  json: () => import('./json.js'),
  junit: () => import('./junit.js'),
  markdown: () => import('./markdown.js'),
  ndjson: () => import('./ndjson.js'),
  github: () => import('./github.js'),
} satisfies Record<string, Loader>;

export type FormatName = keyof typeof FORMATS;

export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** Whether `name` is a format (for validating --format and the config's "format"). */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

export async function loadFormat(name: FormatName): Promise<ReportFormat> {
  return (await FORMATS[name]()).format;
}
