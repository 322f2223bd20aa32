/**
 * An id names exactly one job execution (JEX-DEL-010): DELETEs of generated ids that are not a job
 * execution's id - derived from this test's own job executions, or random - are refused, and the
 * job executions they were derived from stay (lib/generated). The seed is the run's (report.json,
 * --seed); a failure is shrunk to the smallest id that still fails.
 */
import { conformance, recordMeasurement, test } from '../../lib/conformance-test';
import { requireReadable } from '../../lib/assertions/checks';
import { jobExecutionsListedIn } from '../../lib/client/job-execution-body';
import { checkGeneratedIds, type SentinelPool } from '../../lib/generated/id-property';

/** Job executions the ids are derived from: each form is tried on more than one. */
const POOL_SIZE = 3;

test(
  "generated ids that are not a job execution's id are refused, and delete nothing",
  ...conformance({ id: '8f0b6a2d-5c4e-4e7b-b1d3-6a9c2e7f4b10', requirements: ['JEX-DEL-010'] }, async ({ api, jobExecutions, ownership, verify, suiteConfig }) => {
    const pool: SentinelPool = {
      ids: [],
      async replace(index) {
        const { id } = await jobExecutions.create();
        await requireReadable(api, id);
        this.ids[index] = id;
      },
    };
    await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => pool.replace(i)));
    // What else the project holds: a generated id that may name one of those is never sent.
    const listed = await api.listJobExecutions();
    const othersKnown = new Set(jobExecutionsListedIn(listed).map((je) => String(je.id)).filter((id) => !pool.ids.includes(id)));
    const { seed, runs } = suiteConfig.generatedIds;
    await verify('JEX-DEL-010', (expected) => checkGeneratedIds({ api, ownership, pool, othersKnown, expected, seed, runs, baseUrl: suiteConfig.baseUrl }));
    recordMeasurement(`JEX-DEL-010: ${runs} generated ids, seed ${seed} (replay: --seed ${seed} --fuzz-runs ${runs})`);
  }),
);
