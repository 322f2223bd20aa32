/**
 * The one place that reads and validates the suite's configuration (environment, then `.env`).
 * Everything else receives a typed SuiteConfig. Values that fail validation produce one line
 * naming the variable; secrets are never echoed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { SuiteConfigError } from './errors';
import { registerSecretsFromEnvironment } from './redact';
import { PROFILE_NAMES, type ProfileName } from './profiles';

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
  insecureTls: boolean;
}

type Env = Record<string, string | undefined>;

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
  registerSecretsFromEnvironment(merged as NodeJS.ProcessEnv);
  return merged;
}

function required(env: Env, name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new SuiteConfigError(`${name} is not set (${why})`);
  return value;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) {
    throw new SuiteConfigError(`${name} must be a positive whole number of milliseconds, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new SuiteConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function baseUrlOf(env: Env): URL {
  const raw = required(env, 'CONFORMANCE_BASE_URL', 'the deployment to test, e.g. http://127.0.0.1:8386');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SuiteConfigError(`CONFORMANCE_BASE_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SuiteConfigError(`CONFORMANCE_BASE_URL must be http(s), got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new SuiteConfigError('CONFORMANCE_BASE_URL must not carry credentials; use CONFORMANCE_AUTH_TOKEN');
  }
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v1\.1$/, '');
  return url;
}

function otherTenantOf(env: Env): TenantCredentials | undefined {
  const projectId = env.CONFORMANCE_OTHER_PROJECT_ID?.trim();
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
    jobId: env.CONFORMANCE_JOB_ID?.trim() || undefined,
    clusterId: env.CONFORMANCE_CLUSTER_ID?.trim() || undefined,
    inputId: env.CONFORMANCE_INPUT_ID?.trim() || undefined,
    outputId: env.CONFORMANCE_OUTPUT_ID?.trim() || undefined,
    pendingClusterId: env.CONFORMANCE_PENDING_CLUSTER_ID?.trim() || undefined,
    command: env.CONFORMANCE_FIXTURE_COMMAND?.trim() || undefined,
  };
  if (strategy === 'sahara-execute') {
    required(env, 'CONFORMANCE_JOB_ID', 'the job the sahara-execute fixture executes');
    required(env, 'CONFORMANCE_CLUSTER_ID', 'the cluster the sahara-execute fixture runs on');
  } else if (strategy === 'mrs-submit-job') {
    required(env, 'CONFORMANCE_CLUSTER_ID', 'the cluster the mrs-submit-job fixture submits to');
  } else {
    required(env, 'CONFORMANCE_FIXTURE_COMMAND', 'the command fixture prints the new job execution id as its last line');
  }
  return settings;
}

/** A dry run lists the requests a run would make and sends none (CONFORMANCE_DRY_RUN). */
export function isDryRun(env: Env): boolean {
  return env.CONFORMANCE_DRY_RUN === '1' || env.CONFORMANCE_DRY_RUN === 'true';
}

export function loadSuiteConfig(env: Env = readEnvironment()): SuiteConfig {
  const profile = oneOf(env, 'CONFORMANCE_PROFILE', PROFILE_NAMES, 'sahara');
  const config: SuiteConfig = {
    baseUrl: baseUrlOf(env),
    profile,
    runId: env.CONFORMANCE_RUN_ID?.trim() || 'adhoc',
    primary: {
      projectId: required(env, 'CONFORMANCE_PROJECT_ID', 'the project whose job executions are tested'),
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
    insecureTls: env.CONFORMANCE_INSECURE_TLS === '1' || env.CONFORMANCE_INSECURE_TLS === 'true',
  };
  if (config.other && config.other.projectId === config.primary.projectId) {
    throw new SuiteConfigError('CONFORMANCE_OTHER_PROJECT_ID must differ from CONFORMANCE_PROJECT_ID');
  }
  return config;
}
