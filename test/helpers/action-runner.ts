// Runs action.yml's steps the way the Actions runner runs a composite action: each `run:` script under bash with the
// environment GitHub provides (GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH), inputs
// and step outputs substituted into `env:`, and the action's outputs read back. `uses:` steps (setup-node) are the
// runner's business and are not run: the test's own node is on PATH.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseOutputFile, parseWorkflowCommand, type ParsedCommand } from './workflow-commands.js';

export const ACTION_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { steps: Step[] };
}

export interface StepRun {
  name: string;
  /** Undefined for a step that was not run (a `uses:` step, or one after a failure). */
  code?: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs, from action.yml's `outputs:` expressions. */
  outputs: Record<string, string>;
  /** Every step's job summary, in order. */
  summary: string;
  /** The workflow commands the runner would read from the steps' output (stdout and stderr). */
  commands: ParsedCommand[];
  /** Whether the action failed (a run step ended non-zero), and the step that did. */
  failed?: { step: string; code: number | null };
  runnerTemp: string;
}

/** `${{ inputs.x }}` and `${{ steps.id.outputs.x }}`; anything else is refused, so the action relies on nothing unsimulated. */
function evaluate(expression: string, inputs: Record<string, string>, steps: Record<string, Record<string, string>>): string {
  return expression.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (input) return inputs[input[1]!] ?? '';
    const output = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (output) return steps[output[1]!]?.[output[2]!] ?? '';
    throw new Error(`the test runner does not simulate the expression \${{ ${expr} }}`);
  });
}

function runBash(script: string, env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // GitHub's own invocation for `shell: bash` (docs, "Using a specific shell").
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunActionOptions {
  /** The job's working directory (GITHUB_WORKSPACE). */
  cwd: string;
  /** More environment (test seams such as SPLITCHECK_TEST_AUTH_PORT). */
  env?: NodeJS.ProcessEnv;
  /** Where the action lives (GITHUB_ACTION_PATH); default this repository. */
  actionPath?: string;
  timeoutMs?: number;
}

export async function runAction(given: Record<string, string>, options: RunActionOptions): Promise<ActionRun> {
  const actionPath = options.actionPath ?? ACTION_ROOT;
  const action = parse(readFileSync(join(ACTION_ROOT, 'action.yml'), 'utf8')) as ActionFile;
  for (const name of Object.keys(given)) if (!Object.hasOwn(action.inputs, name)) throw new Error(`action.yml has no input ${name}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? spec.default ?? '';
  const runnerTemp = mkdtempSync(join(tmpdir(), 'splitcheck-runner-'));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const result: ActionRun = { steps: [], outputs: {}, summary: '', commands: [], runnerTemp };
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    // The node that runs the tests stands in for the one setup-node would provide.
    PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.cwd,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTION_PATH: actionPath,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...options.env,
  };
  for (const [i, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${i + 1}`;
    if (step.uses !== undefined || result.failed) {
      result.steps.push({ name, stdout: '', stderr: '', outputs: {} });
      continue;
    }
    if (step.if !== undefined) throw new Error(`the test runner does not simulate "if:" on a run step (${name})`);
    const dir = join(runnerTemp, '_runner_file_commands', String(i));
    mkdirSync(dir, { recursive: true });
    const outputFile = join(dir, 'output');
    const summaryFile = join(dir, 'summary');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const script = join(dir, 'script.sh');
    writeFileSync(script, step.run ?? '');
    const env: NodeJS.ProcessEnv = { ...base, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = evaluate(String(value), inputs, stepOutputs);
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const ran = await runBash(script, env, options.cwd, options.timeoutMs ?? 120_000);
    const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    if (step.id) stepOutputs[step.id] = outputs;
    result.steps.push({ name, code: ran.code, stdout: ran.stdout, stderr: ran.stderr, outputs });
    result.summary += readFileSync(summaryFile, 'utf8');
    // The runner reads workflow commands from both streams, line by line.
    for (const line of `${ran.stdout}\n${ran.stderr}`.split('\n')) {
      const command = parseWorkflowCommand(line);
      if (command) result.commands.push(command);
    }
    if (ran.code !== 0) result.failed = { step: name, code: ran.code };
  }
  for (const [name, spec] of Object.entries(action.outputs)) result.outputs[name] = evaluate(spec.value, inputs, stepOutputs);
  return result;
}
