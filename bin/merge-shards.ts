/**
 * `sahara-conformance merge DIR... [--report-dir OUT]`: one verdict from the report folders of a
 * sharded run's shards (each ran `--shard i/n --report-dir DIR`). The shards' blob reports go
 * through Playwright's merge-reports with the suite's reporters; their run guards are merged
 * (every canary, fixture and leak, lib/run-data/shards); a shard that is not among the folders makes
 * the verdict INCOMPLETE, named. The folders must be shards of one run: same target, profile,
 * suite commit and shard count.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { environmentWithoutSuiteSettings } from '../lib/config';
import { runContextEnvironment } from '../lib/run/run-context';
import { PROFILE_NAMES } from '../lib/profiles';
import { readRunGuardReport, RUN_GUARD_FILE } from '../lib/run-data/run-guard-report';
import { mergeRunGuards, shardName, type MergedShards } from '../lib/run-data/shards';
import { REPORT_JSON } from '../reporters/json-report-reporter';
import type { ConformanceReport } from '../reporters/report-model';
import { REPORT_VIEWS } from '../reporters/report-views-reporter';
import { parseSubcommand, UsageError } from './command-line-options';
import { PLAYWRIGHT_CLI, withTypeScriptHook } from './playwright-command';
import { outlivingClosedReaders } from './closed-readers';

const ROOT = join(__dirname, '..');

export const MERGE_HELP = `usage: sahara-conformance merge DIR... [--report-dir OUT]

Makes one verdict of a sharded run: each DIR is the report folder of one shard
(sahara-conformance --shard i/n --report-dir DIR). Writes report.json, report.html, report.md,
junit.xml and badge.svg to OUT (default ./conformance-report), with every shard's canary and
sweep in the run guard. A shard missing from the DIRs makes the verdict INCOMPLETE, named.

  --report-dir OUT   where the merged reports go
  -h, --help         print this help and exit

Exit codes: those of a run (0 CONFORMANT, 1 NON-CONFORMANT, 2 INCOMPLETE, 3 could not merge).
`;

interface ShardFolder {
  dir: string;
  report: ConformanceReport & { shard: NonNullable<ConformanceReport['shard']> };
  blobs: string[];
}

function shardFolder(dir: string): ShardFolder {
  const file = join(dir, REPORT_JSON);
  if (!existsSync(file)) throw new UsageError(`merge: ${dir} has no ${REPORT_JSON}: not the report folder of a shard`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  if (!report.shard) throw new UsageError(`merge: ${dir} holds the report of a run that was not sharded (no --shard)`);
  const blobDir = join(dir, 'blob');
  const blobs = existsSync(blobDir) ? readdirSync(blobDir).filter((f) => f.endsWith('.zip')).map((f) => join(blobDir, f)) : [];
  if (blobs.length === 0) throw new UsageError(`merge: ${dir} has no blob report (blob/*.zip)`);
  return { dir, report: report as ShardFolder['report'], blobs };
}

/** The shards must be of one run: anything else would mix verdicts of different targets or suites. */
function checkOneRun(folders: ShardFolder[]): void {
  const first = folders[0]!.report;
  const target = (r: ConformanceReport) => (r.target.embeddedMock ? 'the embedded mock' : r.target.baseUrl);
  for (const { dir, report } of folders) {
    const differs = [
      report.shard.total !== first.shard.total && `it is a shard of ${report.shard.total}, not ${first.shard.total}`,
      target(report) !== target(first) && `its target is ${target(report)}, not ${target(first)}`,
      report.profile !== first.profile && `its profile is ${report.profile}, not ${first.profile}`,
      report.suite.commit !== first.suite.commit && `it ran suite commit ${report.suite.commit}, not ${first.suite.commit}`,
    ].filter(Boolean);
    if (differs.length) throw new UsageError(`merge: ${dir} is not a shard of the same run as ${folders[0]!.dir}: ${differs.join('; ')}`);
  }
  const seen = new Map<string, string>();
  for (const { dir, report } of folders) {
    const name = shardName(report.shard);
    if (seen.has(name)) throw new UsageError(`merge: shard ${name} is given twice (${seen.get(name)} and ${dir})`);
    seen.set(name, dir);
  }
}

function runMergeReports(blobDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'merge-reports', `--config=${join(ROOT, 'reporters', 'merge.config.ts')}`, blobDir], {
      env: withTypeScriptHook(outlivingClosedReaders(env)),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code) => done(code ?? 3));
  });
}

/** Merges; returns the merged verdict's report (written to the report folder). */
export async function mergeShards(argv: string[]): Promise<{ report?: ConformanceReport; reportDir: string; help?: true }> {
  const parsed = parseSubcommand('merge', argv, { 'report-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  const out = resolve(parsed.values['report-dir'] ?? 'conformance-report');
  if (parsed.values.help) return { reportDir: out, help: true };
  if (parsed.positionals.length === 0) throw new UsageError('merge needs the report folder of each shard (see merge --help)');
  const folders = parsed.positionals.map((dir) => shardFolder(resolve(dir)));
  if (folders.some((f) => f.dir === out)) throw new UsageError(`merge: --report-dir ${out} is one of the shards' folders; merge into another`);
  checkOneRun(folders);
  const total = folders[0]!.report.shard.total;
  const present = new Set(folders.map((f) => f.report.shard.current));
  const merged: MergedShards = {
    total,
    shards: folders.map((f) => ({ shard: shardName(f.report.shard), runId: f.report.runId, reportDir: f.dir, runGuard: readRunGuardReport(f.dir, f.report.runId) })),
    missing: Array.from({ length: total }, (_, i) => i + 1).filter((i) => !present.has(i)).map((i) => `${i}/${total}`),
  };
  const scratch = mkdtempSync(join(tmpdir(), 'sahara-conformance-merge-'));
  try {
    const blobDir = join(scratch, 'blobs');
    mkdirSync(blobDir);
    for (const f of folders) for (const blob of f.blobs) copyFileSync(blob, join(blobDir, `${f.report.shard.current}-${blob.split('/').pop()}`));
    const runId = `merge-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
    mkdirSync(out, { recursive: true });
    for (const file of [REPORT_JSON, ...Object.keys(REPORT_VIEWS)]) rmSync(join(out, file), { force: true });
    writeFileSync(join(out, RUN_GUARD_FILE), JSON.stringify(mergeRunGuards(runId, merged), null, 2));
    if (merged.missing.length) process.stdout.write(`merge: shard(s) ${merged.missing.join(', ')} of ${total} are missing: their tests count as not run, and the verdict is at best INCOMPLETE\n`);
    const first = folders[0]!.report;
    // The merged run's context: what the shards certified, judged with their profile; no test runs.
    const profile = PROFILE_NAMES.find((name) => name === first.profile);
    if (!profile) throw new UsageError(`merge: ${join(folders[0]!.dir, REPORT_JSON)} names profile "${first.profile}", not one of ${PROFILE_NAMES.join(', ')}`);
    const context = runContextEnvironment({
      runId,
      profile,
      reportDir: out,
      target: { kind: first.target.embeddedMock ? 'embedded-mock' : 'deployment', baseUrl: new URL(first.target.embeddedMock ? 'http://embedded-mock.invalid' : first.target.baseUrl) },
      dryRun: false,
    });
    const env = Object.assign(environmentWithoutSuiteSettings(), { CONFORMANCE_ENV_FILE: '/dev/null', ...context });
    await runMergeReports(blobDir, env);
    const reportFile = join(out, REPORT_JSON);
    return { reportDir: out, report: existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport) : undefined };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
