// Durations as people type them (`500ms`, `5s`, `15m`, `1h30m`), for --wait and --timeout: one parser, one printer.
import { escapeControl } from './text.js';
import { failure, ok, type Result } from './result.js';

const UNIT_MS = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** One `<number><unit>` piece; several are written together, largest first (`1h30m`, `2m30s`). */
const PIECE = /(\d+(?:\.\d+)?)(ms|sec|min|s|m|h)/y;

export interface DurationRules {
  /** The option, for messages: `--wait`. */
  name: string;
  /** What a number without a unit means (`--timeout 5000` is milliseconds); absent: a unit is required. */
  bareUnit?: 'ms' | 's';
  /** Inclusive bounds in milliseconds. */
  minMs: number;
  maxMs: number;
}

/** Milliseconds from `text`, or why it is not a duration within the rules (a sentence naming the option and an example). */
export function parseDuration(text: string | number, rules: DurationRules): Result<number> {
  const raw = String(text).trim().toLowerCase();
  const shown = escapeControl(String(text));
  const expected = `give a duration such as ${rules.bareUnit === 'ms' ? '5000 (milliseconds), ' : ''}500ms, 5s, 15m or 1h30m`;
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    if (rules.bareUnit === undefined) return failure(`${rules.name} "${shown}" has no unit: ${expected}`);
    ms = Number(raw) * UNIT_MS[rules.bareUnit];
  } else {
    ms = piecesMs(raw);
    if (ms === undefined) return failure(`invalid ${rules.name} "${shown}": ${expected}`);
  }
  ms = Math.round(ms);
  if (ms < rules.minMs || ms > rules.maxMs) {
    return failure(`${rules.name} "${shown}" is out of range: give ${formatDuration(rules.minMs)} to ${formatDuration(rules.maxMs)}`);
  }
  return ok(ms);
}

/** The sum of the pieces, each unit at most once and largest first; undefined when the text is anything else. */
function piecesMs(text: string): number | undefined {
  if (text === '') return undefined;
  let total = 0;
  let at = 0;
  let previous = Infinity;
  while (at < text.length) {
    PIECE.lastIndex = at;
    const m = PIECE.exec(text);
    if (!m) return undefined;
    const size = UNIT_MS[m[2] as Unit];
    // "5m1h" or "1m2m" is a typo, not a duration.
    if (size >= previous) return undefined;
    previous = size;
    total += Number(m[1]) * size;
    at = PIECE.lastIndex;
  }
  return total;
}

/** `850ms`, `42s`, `14m10s`, `1h30m`: the largest two units, for messages and progress lines. */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole < 1000) return `${whole}ms`;
  const seconds = Math.round(whole / 1000);
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  return s > 0 ? `${m}m${s}s` : `${m}m`;
}
