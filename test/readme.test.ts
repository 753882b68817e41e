// The README stays true: every check id listed, every flag it names exists, its CI jobs and config example are valid.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../src/checks/index.js';
import { runMain } from './helpers/in-process.js';
import { schemaErrors } from './helpers/schema.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('README', () => {
  it('lists every check id in the checks table', () => {
    for (const check of ALL_CHECKS) expect(readme, check.meta.id).toContain(`| \`${check.meta.id}\` |`);
  });

  it('names only flags the commands have', async () => {
    let help = '';
    for (const command of [[], ['spf'], ['trace'], ['explain'], ['demo'], ['diff'], ['render']]) help += (await runMain([...command, '--help'])).stdout;
    const named = new Set([...readme.matchAll(/(?<![\w-])--([a-z][a-z0-9-]+)/g)].map((m) => m[1]!));
    // Flags of other tools quoted in the README (npm, git, xmllint, ...), not splitcheck's.
    const foreign = new Set(['depth', 'yes', 'noout', 'schema', 'no-install-recommends', 'no-audit', 'no-fund', 'save-dev', 'expose-gc', 'seed', 'iterations', 'workflow', 'branch', 'status', 'limit', 'jq', 'name', 'dir', 'fail', 'silent', 'header']);
    const missing = [...named].filter((flag) => !foreign.has(flag) && !help.includes(`--${flag}`) && !(flag.startsWith('no-') && help.includes(`--${flag.slice(3)}`)));
    expect(missing).toEqual([]);
  });

  it('has CI jobs that are valid YAML: GitHub through the Action, GitLab through the CLI with a JUnit report', () => {
    const jobs = blocks('yaml').map((text) => parseYaml(text) as Record<string, unknown>);
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    const github = jobs.find((j) => 'jobs' in j) as { jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }> };
    const steps = Object.values(github.jobs)[0]!.steps;
    expect(steps.some((s) => /\/splitcheck@/.test(s.uses ?? ''))).toBe(true);
    const gitlab = jobs.find((j) => 'splitcheck' in j) as { splitcheck: { script: string[]; artifacts: { reports: { junit: string } } } };
    expect(gitlab.splitcheck.artifacts.reports.junit).toBe('splitcheck.xml');
    expect(gitlab.splitcheck.script.join('\n')).toContain('render report.json --format junit > splitcheck.xml');
  });

  it('shows a configuration that the shipped schema accepts', () => {
    const config = blocks('json').map((text) => JSON.parse(text) as Record<string, unknown>).find((j) => '$schema' in j);
    expect(config).toBeDefined();
    expect(schemaErrors('config.schema.json', config)).toEqual([]);
  });
});
