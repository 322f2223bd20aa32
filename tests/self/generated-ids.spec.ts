/**
 * The generated ids of JEX-DEL-010 (lib/generated): every form is another id than its source (no
 * alias a correct server may resolve), stays inside one path segment, and is the same for the same
 * seed; the ownership guard refuses ids derived from, or equal to, what the run did not create; and
 * against a server that matches ids as prefixes the property fails, shrunk to the shortest prefix,
 * with the seed and a curl line - while a correct server passes with the same seed.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { loadSuiteConfig } from '../../lib/config';
import { loadContract } from '../../lib/contract/contract';
import { ExchangeLog } from '../../lib/client/exchange-log';
import { JobExecutionApi } from '../../lib/client/job-execution-api';
import { OwnershipRegistry, OwnershipViolation } from '../../lib/client/ownership';
import { createJobExecutionOnTarget } from '../../lib/target-fixtures/fixture-strategies';
import { applyForm, encodeSegment, generatedCases, MIN_PREFIX } from '../../lib/generated/derived-ids';
import { checkGeneratedIds } from '../../lib/generated/id-property';
import { HttpTransport } from '../../lib/transport/http-transport';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import type { DefectName } from '../../mock/defects';

const ID = '9ba6c959-9bfc-4e26-bf77-ed996df503b3';

test('no generated id is its source or an alias of it, and each is one encoded path segment', () => {
  fc.assert(
    fc.property(generatedCases(1, ID.length), (c) => {
      const decoded = 'random' in c ? c.random : applyForm(ID, c.form);
      const segment = encodeSegment(decoded);
      expect(decoded.replace(/ +$/, '').toLowerCase()).not.toBe(ID);
      expect(decodeURIComponent(segment)).toBe(decoded);
      expect(segment).toMatch(/^[A-Za-z0-9\-._~%]+$/);
      expect(['.', '..']).not.toContain(segment);
      if (!('random' in c) && (c.form.kind === 'prefix' || c.form.kind === 'tail-wildcard')) expect(c.form.length).toBeGreaterThanOrEqual(MIN_PREFIX);
    }),
    { numRuns: 2000, seed: 1 },
  );
  // Short ids (sequential numbers) get no prefixes or wildcards: "_" alone would match any one-character id.
  fc.assert(fc.property(generatedCases(1, 2), (c) => expect('random' in c || !['prefix', 'tail-wildcard', 'one-char-wildcard'].includes(c.form.kind)).toBe(true)), { numRuns: 500 });
});

test('the same seed generates the same ids', () => {
  const sample = (seed: number) => fc.sample(generatedCases(3, 36), { seed, numRuns: 30 });
  expect(sample(7)).toEqual(sample(7));
  expect(sample(7)).not.toEqual(sample(8));
});

test('the ownership guard sends a generated id only when derived from what the run created, or random, and never one that may name another object', () => {
  const ownership = new OwnershipRegistry();
  ownership.recordCreated(ID);
  expect(() => ownership.generatedProbe('x', 'x', 'not-ours', new Set())).toThrow(OwnershipViolation);
  expect(() => ownership.generatedProbe('ABC%20', 'ABC ', undefined, new Set(['abc']))).toThrow(/may name abc/);
  expect(ownership.generatedProbe(encodeSegment(`${ID}x`), `${ID}x`, ID, new Set(['abc']))).toBe(`${ID}x`);
  expect(() => ownership.assertMayDestroy(`${ID}x`, 'DELETE')).not.toThrow();
  expect(() => ownership.assertMayDestroy(`${ID}y`, 'DELETE')).toThrow(OwnershipViolation);
});

async function propertyAgainst(defect: DefectName | undefined, seed: number): Promise<Error | undefined> {
  const mock = await startMockServer({ defect });
  const config = loadSuiteConfig(seedEnvironment(mock.baseUrl, 'sahara'));
  const http = new HttpTransport(config.baseUrl, config.connection);
  try {
    const ownership = new OwnershipRegistry();
    const api = new JobExecutionApi({ http, config, contract: loadContract('sahara'), tenant: config.primary, log: new ExchangeLog(), ownership });
    const make = async () => {
      const id = await createJobExecutionOnTarget(api, config, {});
      ownership.recordCreated(id);
      return id;
    };
    const pool = { ids: [await make(), await make(), await make()], async replace(i: number) { this.ids[i] = await make(); } };
    await checkGeneratedIds({ api, ownership, pool, othersKnown: new Set(), expected: { status: [404] }, seed, runs: 40, baseUrl: config.baseUrl });
    return undefined;
  } catch (e) {
    return e as Error;
  } finally {
    http.close();
    await mock.close();
  }
}

test('against a server that matches ids as prefixes, the property fails on the shortest prefix, with the seed and a curl line', async () => {
  const error = await propertyAgainst('id-prefix-match', 42);
  expect(error?.message).toMatch(new RegExp(`^DELETE of a prefix of ${MIN_PREFIX} characters of [0-9a-f-]{36} answered 204, expected 404 - the smallest failing id after \\d+ shrinks`));
  expect(error?.message).toContain('seed 42; replay with --seed 42 --fuzz-runs 40');
  expect(error?.message).toMatch(/reproduce: curl -i -X DELETE -H "X-Auth-Token: \$TOKEN" 'http:\/\/127\.0\.0\.1:\d+\/v1\.1\/[0-9a-f]{32}\/job-executions\/[0-9a-f]{8}'$/);
});

test('a correct server passes with the same seed', async () => {
  expect(await propertyAgainst(undefined, 42)).toBeUndefined();
});
