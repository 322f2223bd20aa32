/**
 * The client of the run's own end-of-run work (the run guard, the closing check): the tested
 * project's credentials, a log and an ownership registry of its own - what it creates there is
 * its own to delete, and nothing of the tests' records is touched.
 */
import type { SuiteConfig } from '../config';
import { loadContract } from '../contract/contract';
import { ExchangeLog } from '../client/exchange-log';
import { JobExecutionApi } from '../client/job-execution-api';
import { OwnershipRegistry } from '../client/ownership';
import type { PlanSink } from '../client/request-plan';
import { HttpTransport } from '../transport/http-transport';

export interface GuardClient {
  http: HttpTransport;
  api: JobExecutionApi;
  ownership: OwnershipRegistry;
}

/** `plan`: a dry run's, where the run's own requests are listed beside the tests'. */
export function openGuardClient(config: SuiteConfig, plan?: PlanSink): GuardClient {
  const http = new HttpTransport(config.baseUrl, config.connection);
  const ownership = new OwnershipRegistry();
  const api = new JobExecutionApi({ http, config, contract: loadContract(config.profile), tenant: config.primary, log: new ExchangeLog(), ownership, plan });
  return { http, api, ownership };
}
