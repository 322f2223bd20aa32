/**
 * The CI examples (examples/ci, the GitHub one also in docs/ci.md) can pass as written (issue 12,
 * item 6): both parse as YAML with the shape CI needs (three shards, a merge job that runs even
 * after a failed shard, JUnit published as a test report, the pending cluster set), and the
 * GitHub workflow's own shard and merge commands - taken from the file, expressions filled in -
 * certify the mock with one merged verdict.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { ROOT, run, SHORT_WAITS } from './support/run-command-line';
import { isolatedEnvironment } from './support/run-suite';

const GITHUB_FILE = join(ROOT, 'examples', 'ci', 'github-actions.yml');
const GITLAB_FILE = join(ROOT, 'examples', 'ci', 'gitlab-ci.yml');

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Permissions = Record<string, 'read' | 'write' | 'none'>;
type Job = { steps: Step[]; needs?: string; if?: string; strategy?: { matrix: { shard: number[] } }; permissions?: Permissions };

const github = () => parse(readFileSync(GITHUB_FILE, 'utf8')) as { permissions?: Permissions; jobs: Record<string, Job> };

/** What each action of the example needs of GITHUB_TOKEN: naming any permission sets every other one to none. */
const NEEDED: { uses: string; permission: string; level: 'read' | 'write' }[] = [
  { uses: 'actions/checkout', permission: 'contents', level: 'read' },
  { uses: 'actions/download-artifact', permission: 'actions', level: 'read' },
  { uses: 'mikepenz/action-junit-report', permission: 'checks', level: 'write' },
];

/** `${{ name }}` expressions filled in from `values`; one the test does not know fails it. */
function fill(command: string, values: Record<string, string>): string {
  return command.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`the example uses \${{ ${name} }}, which this test does not fill in`);
    return values[name]!;
  });
}

test('the GitHub workflow has the shape CI needs, uses current actions, sets the pending cluster and is docs/ci.md\'s', () => {
  const { jobs } = github();
  expect(jobs.shard!.strategy!.matrix.shard).toEqual([1, 2, 3]);
  expect(jobs.verdict!.needs).toBe('shard');
  expect(jobs.verdict!.if).toBe('${{ !cancelled() }}');
  const uses = Object.values(jobs).flatMap((j) => j.steps.map((s) => s.uses).filter(Boolean));
  for (const action of ['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4', 'actions/download-artifact@v4', 'mikepenz/action-junit-report@v5']) expect(uses).toContain(action);
  const shardStep = jobs.shard!.steps.find((s) => s.run?.includes('--shard'))!;
  expect(Object.keys(shardStep.env!)).toContain('CONFORMANCE_PENDING_CLUSTER_ID');
  // The suite's ref is the commit you certify with, not a tag that may not exist.
  for (const job of Object.values(jobs)) for (const s of job.steps.filter((s) => s.uses?.startsWith('actions/checkout'))) expect(s.with!.ref).toBe('${{ env.SUITE_REF }}');
  expect(readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8')).toContain(`\`\`\`yaml\n${readFileSync(GITHUB_FILE, 'utf8')}\`\`\``);
});

test('the GitHub workflow gives each job the token permissions its actions use, says why, and how to check out a private suite', () => {
  const workflow = github();
  for (const [name, job] of Object.entries(workflow.jobs)) {
    // A job's own permissions replace the workflow's; without either, the repository's default applies.
    const granted = job.permissions ?? workflow.permissions;
    expect(granted, `job ${name} relies on the repository's default token permissions`).toBeDefined();
    for (const need of NEEDED.filter((n) => job.steps.some((s) => s.uses?.startsWith(`${n.uses}@`)))) {
      const level = granted![need.permission];
      expect(level === need.level || level === 'write', `job ${name} uses ${need.uses}, which needs ${need.permission}: ${need.level}; it has ${level ?? 'none'}`).toBe(true);
    }
  }
  expect(workflow.jobs.verdict!.permissions).toEqual({ contents: 'read', actions: 'read', checks: 'write' });
  // Each permission is explained where it is granted, and each checkout says how to reach a private suite repository.
  const text = readFileSync(GITHUB_FILE, 'utf8');
  for (const line of text.split('\n').filter((l) => /^\s+(contents|actions|checks): (read|write)\b/.test(l))) expect(line, 'a permission without a comment').toMatch(/ # \S/);
  const checkouts = Object.values(workflow.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/checkout@')));
  expect(text.match(/^\s+# token: \$\{\{ secrets\.SUITE_CHECKOUT_TOKEN \}\}$/gm)).toHaveLength(checkouts.length);
});

test('the GitLab pipeline parses: three parallel shards, a merge that always runs, JUnit as a report', () => {
  const pipeline = parse(readFileSync(GITLAB_FILE, 'utf8')) as Record<string, { parallel?: number; needs?: string[]; when?: string; script?: string[]; artifacts?: { reports?: { junit?: string } } }>;
  expect(pipeline.shard!.parallel).toBe(3);
  expect(pipeline.shard!.script!.join(' ')).toContain('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"');
  expect(pipeline.verdict!.needs).toEqual(['shard']);
  expect(pipeline.verdict!.when).toBe('always');
  expect(pipeline.verdict!.artifacts!.reports!.junit).toBe('conformance-report/junit.xml');
});

test('the GitHub workflow\'s own shard and merge commands certify the mock: three shards, one CONFORMANT verdict', async () => {
  const mock = await startMockServer();
  try {
    const { jobs } = github();
    const shardCommand = jobs.shard!.steps.find((s) => s.run?.includes('--shard'))!.run!;
    const mergeCommand = jobs.verdict!.steps.find((s) => s.run?.includes(' merge '))!.run!;
    // A folder like the checkout: `npx sahara-conformance` finds the suite's command there.
    const work = mkdtempSync(join(tmpdir(), 'github-example-'));
    mkdirSync(join(work, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(ROOT, 'bin', 'sahara-conformance.cjs'), join(work, 'node_modules', '.bin', 'sahara-conformance'));
    const { CONFORMANCE_BASE_URL, ...target } = seedEnvironment(mock.baseUrl, 'sahara');
    const env = isolatedEnvironment({ ...target, ...SHORT_WAITS });
    const shards = await Promise.all(jobs.shard!.strategy!.matrix.shard.map((i) => run('bash', ['-c', fill(shardCommand, { 'vars.STAGING_SAHARA_URL': CONFORMANCE_BASE_URL!, 'matrix.shard': String(i) })], env, work)));
    for (const s of shards) expect(s.exitCode, s.stdout + s.stderr).toBe(0);
    const merged = await run('bash', ['-c', fill(mergeCommand, {})], env, work);
    expect(merged.exitCode, merged.stdout + merged.stderr).toBe(0);
    expect(merged.stdout).toContain(`Verdict: CONFORMANT for ${CONFORMANCE_BASE_URL} (profile sahara, exit code 0)`);
    expect(readFileSync(join(work, 'conformance-report', 'report.md'), 'utf8')).toContain('CONFORMANT');
  } finally {
    await mock.close();
  }
});
