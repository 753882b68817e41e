// `--ca-file` / caFile: PEM certificates to trust for the smart host besides the system store and NODE_EXTRA_CA_CERTS.
import { readFile } from 'node:fs/promises';
import { escapeControl } from '../util/text.js';
import { failure, ok, type Result } from '../util/result.js';

/** The PEM certificates of the file, each with its closing newline; a file without one is refused. */
export async function readCaFile(path: string): Promise<Result<string[]>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return failure(`cannot read --ca-file ${escapeControl(path)}: ${code === 'ENOENT' ? 'no such file' : String(code ?? err)}`);
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) return failure(`--ca-file ${escapeControl(path)} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return ok(pems.map((p) => `${p}\n`));
}
