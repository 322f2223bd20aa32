/**
 * One hint line when a run failed in a way that says "wrong profile": the target's error answers
 * speak the other profile's dialect (lib/contract/error-dialect) and none speaks the run's own.
 * Judged from the exchanges recorded by the failed tests, so a conformant run never gets one.
 */
import type { ErrorDialect } from '../lib/contract/error-dialect';
import type { ExchangeRecord } from '../lib/client/exchange-log';
import type { ProfileName } from '../lib/profiles';

const DIALECT_OF: Record<ProfileName, ErrorDialect> = { sahara: 'sahara', mrs: 'mrs' };
const DESCRIBED: Record<ProfileName, string> = { sahara: "Sahara's (error_name, error_message)", mrs: "MRS's (error_code such as MRS.0011, error_msg)" };

export function profileHint(profile: ProfileName, exchanges: ExchangeRecord[]): string | undefined {
  const other = (Object.keys(DIALECT_OF) as ProfileName[]).find((p) => p !== profile)!;
  const count = (dialect: ErrorDialect) => exchanges.filter((e) => e.errorDialect === dialect).length;
  const theirs = count(DIALECT_OF[other]);
  if (theirs === 0 || count(DIALECT_OF[profile]) > 0) return undefined;
  return `Hint: ${theirs} error answer(s) of the failed tests are in ${DESCRIBED[other]} dialect and none in the ${profile} profile's; if the target is ${other === 'mrs' ? 'an MRS' : 'a Sahara'} deployment, run with --profile ${other}`;
}
