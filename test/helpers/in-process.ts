// Runs the CLI's main() in this process with captured streams: for suites too large to spawn one process per case.
import { main } from '../../src/cli/main.js';

export async function runMain(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  /** Called with every chunk written to stdout, as it is written. */
  onStdout?: (chunk: string) => void,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: {
      write: (s: string) => {
        stdout += s;
        onStdout?.(s);
        return true;
      },
      isTTY: false,
    },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env,
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}
