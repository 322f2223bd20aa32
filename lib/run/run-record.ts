/**
 * What a run leaves beside its reports for a certification bundle (certification/): its console,
 * kept from global setup on (run.log), and the settings it was given (run-configuration.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_CONTEXT_VARIABLE } from '../config';
import { redactText } from '../redact';
import { keepConsoleLogIn } from './output-gate';

type Env = Record<string, string | undefined>;

/** The run's console, kept beside its reports. */
export const RUN_LOG = 'run.log';
/** The settings the run was given, secrets as "[set]". */
export const RUN_CONFIGURATION = 'run-configuration.json';

/** Settings whose values are never written anywhere, only that they were set. */
const SECRET_SETTING = /(TOKEN|PASSWORD|SECRET|KEY)$/i;

/**
 * Which of the suite's settings (CONFORMANCE_*, OS_*) a run had, for the record a certification
 * bundle carries: secrets as "[set]", everything else as given. The run context itself is not one.
 */
function configurationRecord(env: Env): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (!value || !/^(CONFORMANCE_|OS_)/.test(name) || name === RUN_CONTEXT_VARIABLE || name === 'CONFORMANCE_PARENT_PID') continue;
    record[name] = SECRET_SETTING.test(name) ? '[set]' : value;
  }
  return record;
}

export function keepRunRecord(reportDir: string, env: Env): void {
  mkdirSync(reportDir, { recursive: true });
  keepConsoleLogIn(join(reportDir, RUN_LOG));
  writeFileSync(join(reportDir, RUN_CONFIGURATION), redactText(JSON.stringify(configurationRecord(env), null, 2)));
}
