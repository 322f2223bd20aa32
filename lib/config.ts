/**
 * The one place that reads and validates the suite's configuration (environment, then `.env`).
 * Everything else receives a typed SuiteConfig. Values that fail validation produce one line
 * naming the variable; secrets are never echoed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { SuiteConfigError } from './errors';
import { registerSecret } from './redact';
import { PROFILE_NAMES, type ProfileName } from './profiles';
import { DEFAULT_MAX_BODY_BYTES } from './transport/limits';
import { isSinglePathSegment, quotedSegment, SINGLE_PATH_SEGMENT } from './path-segment';
import type { ConnectionPolicy, ProxySettings } from './transport/connection';
import { deploymentUrlOf } from './deployment-url';

export const FIXTURE_STRATEGIES = ['sahara-execute', 'mrs-submit-job', 'command'] as const;
export type FixtureStrategy = (typeof FIXTURE_STRATEGIES)[number];

export interface TenantCredentials {
  projectId: string;
  token: string;
}

export interface FixtureSettings {
  strategy: FixtureStrategy;
  jobId?: string;
  clusterId?: string;
  inputId?: string;
  outputId?: string;
  /** A cluster on which executions never finish (drives the TOBEKILLED path). */
  pendingClusterId?: string;
  command?: string;
  /** The jar the mrs-submit-job fixture names (CONFORMANCE_SUBMIT_JAR_PATH). */
  jarPath: string;
  /** Which Active cluster a run takes when it finds several and CONFORMANCE_CLUSTER_ID is not set (CONFORMANCE_CLUSTER_NAME). */
  clusterName?: string;
  /** The job is the run's own Shell job (lib/target-fixtures/provisioning): it sleeps for its first argument. */
  ownJob?: boolean;
}

export interface SuiteConfig {
  baseUrl: URL;
  profile: ProfileName;
  runId: string;
  primary: TenantCredentials;
  /** The second tenant; cross-tenant checks are skipped with a reason when absent. */
  other?: TenantCredentials;
  fixture: FixtureSettings;
  deleteTimeoutMs: number;
  longDeleteTimeoutMs: number;
  pollIntervalMs: number;
  requestTimeoutMs: number;
  /** How long to keep listening after a response looks complete, to catch bytes sent after it. */
  wireGraceMs: number;
  /** How long after a refused DELETE the job execution is read again (deletion may be asynchronous). */
  settleMs: number;
  /** How long a deleted job execution is watched after its first 404: it must stay gone (JEX-DEL-003). */
  stayGoneMs: number;
  /** Bytes of a response body read before the suite stops reading: a bound on what a target can make it hold. */
  maxBodyBytes: number;
  /** Through which proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and trusting which certificates (CONFORMANCE_INSECURE_TLS, OS_CACERT). */
  connection: ConnectionPolicy;
  /** The generated ids of JEX-DEL-010: the seed that replays them (CONFORMANCE_SEED, random when unset) and how many (CONFORMANCE_FUZZ_RUNS). */
  generatedIds: { seed: number; runs: number };
}

/** The largest seed: fast-check takes a 32-bit integer. */
export const MAX_SEED = 2 ** 31 - 1;
/** Ids generated per run by default: enough to meet each form several times, a second or two on a real target. */
export const DEFAULT_FUZZ_RUNS = 40;

type Env = Record<string, string | undefined>;

/**
 * The process environment without any of the suite's settings (CONFORMANCE_*, OS_*): for a run
 * that must see only what it is given (a merge of shards, the benchmark, self-tests), never the
 * caller's target or credentials.
 */
export function environmentWithoutSuiteSettings(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('CONFORMANCE_') && !name.startsWith('OS_')));
}

/** Environment variables win over the `.env` file (CONFORMANCE_ENV_FILE, default ./.env). */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Env {
  const file = env.CONFORMANCE_ENV_FILE ?? '.env';
  const path = resolve(file);
  let fromFile: Env = {};
  if (existsSync(path)) {
    fromFile = parseDotenv(readFileSync(path));
  } else if (env.CONFORMANCE_ENV_FILE) {
    throw new SuiteConfigError(`CONFORMANCE_ENV_FILE names ${file}, which does not exist`);
  }
  const merged: Env = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  return merged;
}

/** This process's environment plus `extra`: for a child process (the command fixture), or a script that names its env file. */
export function environmentWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

function required(env: Env, name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new SuiteConfigError(`${name} is not set (${why})`);
  return value;
}

/** CONFORMANCE_SEED, or a fresh random seed; resolved once per run by global setup, so every worker has the same. */
function seedOf(env: Env): number {
  const raw = env.CONFORMANCE_SEED?.trim();
  if (!raw) return Math.floor(Math.random() * MAX_SEED);
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_SEED) throw new SuiteConfigError(`CONFORMANCE_SEED must be a whole number from 0 to ${MAX_SEED} (the seed a report names), got "${raw}"`);
  return Number(raw);
}

function fuzzRunsOf(env: Env): number {
  const raw = env.CONFORMANCE_FUZZ_RUNS?.trim();
  if (!raw) return DEFAULT_FUZZ_RUNS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 10_000) throw new SuiteConfigError(`CONFORMANCE_FUZZ_RUNS must be a whole number from 1 to 10000 (generated ids per run), got "${raw}"`);
  return Number(raw);
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) {
    throw new SuiteConfigError(`${name} must be a positive whole number of milliseconds, got "${raw}"`);
  }
  return Number(raw);
}

/** An id the suite puts into request paths (lib/path-segment); unset stays unset. */
function pathSegmentOf<T extends string | undefined>(name: string, value: T): T {
  if (value && !isSinglePathSegment(value)) throw new SuiteConfigError(`${name} must be ${SINGLE_PATH_SEGMENT}, got ${quotedSegment(value)}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new SuiteConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** CONFORMANCE_BASE_URL, checked, as its service root (and the project a catalogue form names). */
export function baseUrlOf(env: Env): { url: URL; projectId?: string } {
  return deploymentUrlOf(required(env, 'CONFORMANCE_BASE_URL', 'the deployment to test, e.g. http://127.0.0.1:8386'), 'CONFORMANCE_BASE_URL');
}

/** The standard proxy variables, upper case before lower case; HTTPS targets fall back on HTTP_PROXY as curl does. */
export function proxySettingsOf(env: Env): ProxySettings {
  const first = (...names: string[]) => names.map((n) => env[n]?.trim()).find(Boolean);
  const http = first('HTTP_PROXY', 'http_proxy');
  return { http, https: first('HTTPS_PROXY', 'https_proxy') ?? http, noProxy: first('NO_PROXY', 'no_proxy') };
}

/** How connections are made: the proxy variables, Node's trust store plus OS_CACERT, or no certificate check (CONFORMANCE_INSECURE_TLS). */
export function connectionPolicyOf(env: Env): ConnectionPolicy {
  const insecure = env.CONFORMANCE_INSECURE_TLS === '1' || env.CONFORMANCE_INSECURE_TLS === 'true';
  const proxies = proxySettingsOf(env);
  const caFile = env.OS_CACERT?.trim();
  if (!caFile) return { insecure, proxies };
  try {
    return { insecure, proxies, caFile: resolve(caFile), extraCaPem: readFileSync(resolve(caFile), 'utf8') };
  } catch (e) {
    throw new SuiteConfigError(`OS_CACERT names ${caFile}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

/**
 * The run's project: CONFORMANCE_PROJECT_ID (set from the OS_* token's scope when passwords are
 * configured: lib/run/resolve-credentials), else the project of a catalogue-form base URL. When
 * both are there they must agree: the URL would otherwise point the run at another project.
 */
function projectIdOf(env: Env, target: { url: URL; projectId?: string }): string {
  pathSegmentOf('the project of CONFORMANCE_BASE_URL (/v1.1/<project_id>)', target.projectId);
  const configured = pathSegmentOf('CONFORMANCE_PROJECT_ID', env.CONFORMANCE_PROJECT_ID?.trim());
  if (target.projectId && configured && target.projectId !== configured) {
    const source = env.OS_AUTH_URL ? ' (the project the OS_* token is scoped to)' : '';
    throw new SuiteConfigError(
      `CONFORMANCE_BASE_URL names project ${target.projectId} but CONFORMANCE_PROJECT_ID is ${configured}${source}: ` +
        'give the base URL without /v1.1/<project> or make the two agree',
    );
  }
  return configured || target.projectId || required(env, 'CONFORMANCE_PROJECT_ID', 'the project whose job executions are tested');
}

function otherTenantOf(env: Env): TenantCredentials | undefined {
  const projectId = pathSegmentOf('CONFORMANCE_OTHER_PROJECT_ID', env.CONFORMANCE_OTHER_PROJECT_ID?.trim());
  const token = env.CONFORMANCE_OTHER_AUTH_TOKEN?.trim();
  if (!projectId && !token) return undefined;
  if (!projectId) throw new SuiteConfigError('CONFORMANCE_OTHER_AUTH_TOKEN is set but CONFORMANCE_OTHER_PROJECT_ID is not');
  if (!token) throw new SuiteConfigError('CONFORMANCE_OTHER_PROJECT_ID is set but CONFORMANCE_OTHER_AUTH_TOKEN is not');
  return { projectId, token };
}

function fixtureOf(env: Env, profile: ProfileName): FixtureSettings {
  const strategy = oneOf(env, 'CONFORMANCE_FIXTURE', FIXTURE_STRATEGIES, profile === 'mrs' ? 'mrs-submit-job' : 'sahara-execute');
  const settings: FixtureSettings = {
    strategy,
    jobId: pathSegmentOf('CONFORMANCE_JOB_ID', env.CONFORMANCE_JOB_ID?.trim() || undefined),
    clusterId: pathSegmentOf('CONFORMANCE_CLUSTER_ID', env.CONFORMANCE_CLUSTER_ID?.trim() || undefined),
    inputId: pathSegmentOf('CONFORMANCE_INPUT_ID', env.CONFORMANCE_INPUT_ID?.trim() || undefined),
    outputId: pathSegmentOf('CONFORMANCE_OUTPUT_ID', env.CONFORMANCE_OUTPUT_ID?.trim() || undefined),
    pendingClusterId: pathSegmentOf('CONFORMANCE_PENDING_CLUSTER_ID', env.CONFORMANCE_PENDING_CLUSTER_ID?.trim() || undefined),
    command: env.CONFORMANCE_FIXTURE_COMMAND?.trim() || undefined,
    jarPath: env.CONFORMANCE_SUBMIT_JAR_PATH?.trim() || '/conformance/noop.jar',
    clusterName: env.CONFORMANCE_CLUSTER_NAME?.trim() || undefined,
  };
  // A job and a cluster left out are found or made before the canary (lib/target-fixtures/provisioning).
  if (strategy === 'command') required(env, 'CONFORMANCE_FIXTURE_COMMAND', 'the command fixture prints the new job execution id as its last line');
  return settings;
}

/** A dry run lists the requests a run would make and sends none (CONFORMANCE_DRY_RUN). */
export function isDryRun(env: Env): boolean {
  return env.CONFORMANCE_DRY_RUN === '1' || env.CONFORMANCE_DRY_RUN === 'true';
}

/** CONFORMANCE_PROFILE, checked (sahara when unset). */
export function profileOf(env: Env): ProfileName {
  return oneOf(env, 'CONFORMANCE_PROFILE', PROFILE_NAMES, 'sahara');
}

export function loadSuiteConfig(env: Env = readEnvironment()): SuiteConfig {
  const profile = profileOf(env);
  const target = baseUrlOf(env);
  const config: SuiteConfig = {
    baseUrl: target.url,
    profile,
    runId: env.CONFORMANCE_RUN_ID?.trim() || 'adhoc',
    primary: {
      projectId: projectIdOf(env, target),
      token: required(env, 'CONFORMANCE_AUTH_TOKEN', 'a token scoped to CONFORMANCE_PROJECT_ID'),
    },
    other: otherTenantOf(env),
    fixture: fixtureOf(env, profile),
    deleteTimeoutMs: positiveInt(env, 'CONFORMANCE_DELETE_TIMEOUT_MS', 10_000),
    longDeleteTimeoutMs: positiveInt(env, 'CONFORMANCE_LONG_DELETE_TIMEOUT_MS', 420_000),
    pollIntervalMs: positiveInt(env, 'CONFORMANCE_POLL_INTERVAL_MS', 50),
    requestTimeoutMs: positiveInt(env, 'CONFORMANCE_REQUEST_TIMEOUT_MS', 15_000),
    wireGraceMs: positiveInt(env, 'CONFORMANCE_WIRE_GRACE_MS', 150),
    settleMs: positiveInt(env, 'CONFORMANCE_SETTLE_MS', 300),
    stayGoneMs: positiveInt(env, 'CONFORMANCE_STAY_GONE_MS', 3_000),
    maxBodyBytes: positiveInt(env, 'CONFORMANCE_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
    connection: connectionPolicyOf(env),
    generatedIds: { seed: seedOf(env), runs: fuzzRunsOf(env) },
  };
  if (config.other && config.other.projectId === config.primary.projectId) {
    throw new SuiteConfigError(`CONFORMANCE_OTHER_PROJECT_ID is the same project as CONFORMANCE_PROJECT_ID (${config.primary.projectId}): the cross-tenant checks need a second project`);
  }
  // Whatever prints in this process from now on must not show the tokens the run sends.
  registerSecret(config.primary.token);
  registerSecret(config.other?.token);
  return config;
}

/**
 * The variable that carries the run context (lib/run/run-context) from global setup, or from the
 * merge of shards, to the workers and reporters: workers start after global setup and inherit it.
 */
export const RUN_CONTEXT_VARIABLE = 'CONFORMANCE_RUN_CONTEXT';

export function publishRunContextText(text: string): void {
  process.env[RUN_CONTEXT_VARIABLE] = text;
}

/** The published run context, or undefined when none was (a process global setup did not start). */
export function publishedRunContextText(env: Env = process.env): string | undefined {
  return env[RUN_CONTEXT_VARIABLE];
}

/** The published run context as a variable a child run is given (the merge of shards). */
export function runContextVariable(text: string): Record<string, string> {
  return { [RUN_CONTEXT_VARIABLE]: text };
}

/** What playwright.config.ts reads before anything runs: the runner's own settings. */
export interface RunnerSettings {
  /** `npm test`: the suite's own tests, whose reports go to a temporary folder. */
  selfTestRun: boolean;
  ci: boolean;
  /** CONFORMANCE_WORKERS, else one per core and at most 4. */
  workers: number;
  /** CONFORMANCE_DEADLINE_MS: the whole run's deadline, 0 for none. */
  deadlineMs: number;
  /** CONFORMANCE_SHARD as Playwright's --shard gave it to the command line (lib/run-data/shards). */
  shardText?: string;
  /** CONFORMANCE_REPORT_DIR when set. */
  reportDir?: string;
}

/**
 * Workers when CONFORMANCE_WORKERS is unset: one per core, at most 4. Each costs its start-up on
 * every run (bench/), so more than the cores only adds that; the tests' waits overlap up to 4.
 */
export function defaultWorkers(): number {
  return Math.min(4, availableParallelism());
}

export function runnerSettings(env: Env = process.env): RunnerSettings {
  return {
    selfTestRun: env.npm_lifecycle_event === 'test',
    ci: Boolean(env.CI),
    workers: Number(env.CONFORMANCE_WORKERS ?? defaultWorkers()),
    deadlineMs: Number(env.CONFORMANCE_DEADLINE_MS ?? 0),
    shardText: env.CONFORMANCE_SHARD,
    reportDir: env.CONFORMANCE_REPORT_DIR,
  };
}

/** `npm test` keeps its reports out of the user's folder: a temporary one, set before any worker starts. */
export function useReportDir(dir: string): void {
  process.env.CONFORMANCE_REPORT_DIR = dir;
}

/** CONFORMANCE_REPORT_DIR, default ./conformance-report, as an absolute path. */
export function reportDirOf(env: Env): string {
  return resolve(env.CONFORMANCE_REPORT_DIR ?? 'conformance-report');
}

/** CONFORMANCE_CLEANUP_GRACE_MS: how long a stopped run may spend cleaning up. */
export function cleanupGraceMsOf(env: Env): number {
  return positiveInt(env, 'CONFORMANCE_CLEANUP_GRACE_MS', 30_000);
}
