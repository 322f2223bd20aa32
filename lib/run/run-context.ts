/**
 * The run's facts, resolved once - by global setup, or by the merge of shards - and handed to
 * every worker and reporter through `runContext()`: what is certified and where, the profile,
 * the tenants and their issued tokens, the report folder, the ledger and the dry run's plan.
 * Nothing downstream re-reads the environment or re-validates a setting.
 *
 * It travels as one variable (lib/config publishRunContextText), not a file: it carries tokens,
 * which must not be left on disk by a run that is killed. It is believed only in the process that
 * published it and in that process's children (the workers): a value left in a user's
 * environment by another run is never taken for this run's.
 */
import { readFileSync } from 'node:fs';
import { publishedRunContextText, publishRunContextText, runContextVariable, type SuiteConfig } from '../config';
import type { ProfileName } from '../profiles';
import { registerSecret } from '../redact';
import type { Shard } from '../run-data/shards';

/** What a run certifies: the mock started in its runner, or the deployment it was pointed at. */
export type TargetKind = 'embedded-mock' | 'deployment';

export interface RunContext {
  runId: string;
  profile: ProfileName;
  /** Where the reports go (absolute). */
  reportDir: string;
  target: { kind: TargetKind; baseUrl: URL };
  /** A dry run sends its requests to a stand-in and certifies nothing. */
  dryRun: boolean;
  /** This run's share of a sharded run. */
  shard?: Shard;
  /** The run's ledger of created job executions (lib/run-data/run-ledger); absent before the canary. */
  ledgerFile?: string;
  /** Where a dry run records its planned requests (lib/client/request-plan). */
  planFile?: string;
  /** The data files as global setup parsed them (lib/suite-data shareSuiteData). */
  suiteDataFile?: string;
  /** What the workers test with; absent when no test runs (the merge of shards). */
  suite?: SuiteConfig;
}

interface Published {
  publisherPid: number;
  context: RunContext;
}

/** The context as text: URLs as strings, the CA certificates as their file (read again on decode). */
function encode(context: RunContext): string {
  const suite = context.suite && { ...context.suite, connection: { ...context.suite.connection, extraCaPem: undefined } };
  const published: Published = { publisherPid: process.pid, context: { ...context, suite } };
  return JSON.stringify(published);
}

function decode(text: string): RunContext | undefined {
  const published = JSON.parse(text) as Published;
  if (published.publisherPid !== process.pid && published.publisherPid !== process.ppid) return undefined;
  const raw = published.context as RunContext & { target: { baseUrl: string }; suite?: SuiteConfig & { baseUrl: string } };
  const suite = raw.suite && {
    ...raw.suite,
    baseUrl: new URL(raw.suite.baseUrl),
    connection: { ...raw.suite.connection, ...(raw.suite.connection.caFile ? { extraCaPem: readFileSync(raw.suite.connection.caFile, 'utf8') } : {}) },
  };
  // Registered explicitly: this process prints answers that a hostile target may fill with them.
  registerSecret(suite?.primary.token);
  registerSecret(suite?.other?.token);
  return { ...raw, target: { ...raw.target, baseUrl: new URL(raw.target.baseUrl) }, suite };
}

let current: RunContext | undefined;

/** Global setup (and the merge) publish the context once; what they publish is what everyone reads. */
export function publishRunContext(context: RunContext): RunContext {
  publishRunContextText(encode(context));
  current = context;
  return context;
}

/** Adds what a later step of global setup learnt (the ledger once the canary exists). */
export function extendRunContext(more: Partial<RunContext>): RunContext {
  return publishRunContext({ ...requireRunContext(), ...more });
}

/** The run context, or undefined in a process no run published one to. */
export function runContext(): RunContext | undefined {
  if (current) return current;
  const text = publishedRunContextText();
  current = text ? decode(text) : undefined;
  return current;
}

export function requireRunContext(): RunContext {
  const context = runContext();
  if (!context) throw new Error('no run context: this process was not started by a conformance run (global setup publishes it)');
  return context;
}

/** The context as the environment of a child run that reports only (the merge of shards runs Playwright's merge-reports). */
export function runContextEnvironment(context: RunContext): Record<string, string> {
  return runContextVariable(encode(context));
}
