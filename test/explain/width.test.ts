// explain's terminal text at 80 columns: the quoted bounce lines, the facts and the titles wrap under themselves instead of running past the width.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/in-process.js';

const BOUNCES = fileURLToPath(new URL('../../fixtures/bounces/', import.meta.url));

/** Lines that are one thing to copy whole: the heading naming the file, the command that runs the confirming checks. */
const WHOLE = /^(splitcheck explain · |Run the confirming checks now: )/;

describe('splitcheck explain at COLUMNS=80', () => {
  const files = readdirSync(BOUNCES).filter((f) => /\.(txt|eml)$/.test(f));

  it(`every line of the ${files.length} fixture bounces' explanations fits, and a quote continues under its start`, async () => {
    expect(files.length).toBeGreaterThan(5);
    let quotesWrapped = 0;
    for (const file of files) {
      const { code, stdout } = await runMain(['explain', join(BOUNCES, file)], { COLUMNS: '80' });
      expect(code, file).toBe(0);
      const lines = stdout.split('\n');
      for (const line of lines) if (!WHOLE.test(line)) expect(Array.from(line).length, `${file}: ${line}`).toBeLessThanOrEqual(80);
      // A "seen" quote's continuation is indented past the label column (12), under the quote.
      lines.forEach((line, i) => {
        if (/^ {4}seen {4}|^ {12}(message \d+, )?(text )?line \d+:|^ {12}delivery-status:/.test(line) && /^ {14}\S/.test(lines[i + 1] ?? '')) quotesWrapped += 1;
      });
    }
    expect(quotesWrapped).toBeGreaterThan(0);
  }, 120_000);
});
