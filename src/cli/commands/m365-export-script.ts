// `splitcheck m365-export-script`: prints the read-only PowerShell script that writes the Microsoft 365 export (--m365-export).
import { exportScript } from '../../m365/script.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';

export async function m365ExportScriptCommand(io: Io): Promise<number> {
  const script = await exportScript();
  if (!script.ok) throw new UsageError(script.error);
  io.stdout.write(script.text.endsWith('\n') ? script.text : `${script.text}\n`);
  // How to use it, on stderr so that `> m365-export.ps1` keeps only the script (and only on a terminal).
  if (io.stderr.isTTY) {
    io.stderr.write(
      'Save it (splitcheck m365-export-script > m365-export.ps1), run Connect-ExchangeOnline, then .\\m365-export.ps1 -Domain <domain>;\n' +
        'give the file it writes to splitcheck <domain> --m365-export <file>. It only reads (View-Only Organization Management is enough).\n',
    );
  }
  return 0;
}
