/** Where a run's reports go: CONFORMANCE_REPORT_DIR, default ./conformance-report. */
import { resolve } from 'node:path';
import { readEnvironment } from '../lib/config';

export function reportDir(): string {
  return resolve(readEnvironment().CONFORMANCE_REPORT_DIR ?? 'conformance-report');
}
