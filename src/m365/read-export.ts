// Reads --m365-export: size-capped, JSON, schema-checked, tolerances applied; a bad file is an error value naming the path.
import { open } from 'node:fs/promises';
import type { M365Export } from './export-types.js';
import { normalizeExport } from './normalize.js';

/**
 * Larger than any tenant's file splitcheck expects (the script writes ~300 bytes per recipient: 128 MiB is
 * ~400,000 recipients, and -Domain keeps only the split domain's): the file is refused unread beyond it.
 */
export const MAX_EXPORT_BYTES = 128 * 1024 * 1024;

export type ExportRead = { ok: true; export: M365Export } | { ok: false; error: string };

/** A parsed document, checked and made regular; `label` names the file in errors. */
export async function parseM365Export(text: string, label: string): Promise<ExportRead> {
  let data: unknown;
  try {
    // Windows PowerShell 5.1's Set-Content/Out-File -Encoding UTF8 start the file with a byte order mark.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Unexpected/, 'unexpected') : 'not JSON';
    return { ok: false, error: `${label} is not JSON (${why}), so not a splitcheck Microsoft 365 export` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !('splitcheckExport' in data)) {
    return {
      ok: false,
      error: `${label} is not a splitcheck Microsoft 365 export (it has no "splitcheckExport": 1): write it with the script \`splitcheck m365-export-script\` prints`,
    };
  }
  // Loaded only here: the validator stays out of every run without --m365-export (start-up time).
  const { exportSchemaProblem } = await import('./validate.js');
  const problem = exportSchemaProblem(data);
  if (problem !== undefined) return { ok: false, error: `${label} ${problem}` };
  return { ok: true, export: normalizeExport(data as Record<string, unknown>) };
}

/** Reads and checks the export file at `path`; `label` names it in messages (default: the path). */
export async function readM365Export(path: string, label: string = path): Promise<ExportRead> {
  let text: string;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (size > MAX_EXPORT_BYTES) {
        return { ok: false, error: `${label} is ${Math.round(size / 1048576)} MiB, more than the ${MAX_EXPORT_BYTES / 1048576} MiB splitcheck reads: export with -Domain <your domain> to keep only its rows` };
      }
      text = await file.readFile('utf8');
    } finally {
      await file.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
    return { ok: false, error: `cannot read the Microsoft 365 export ${label}: ${why}` };
  }
  return parseM365Export(text, label);
}
