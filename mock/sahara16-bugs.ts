/**
 * Where real Sahara 16 answers the official client wrongly, as observed on the reference target
 * by reference-target/client-differential/ (python-saharaclient 4.0.2 against Sahara 16). The
 * mock imitates each only under `--quirks sahara16`, so that a developer's client meets the real
 * service's answers; without the quirk it answers as Sahara means to. The table is the
 * documentation (docs/mock.md, "Real Sahara 16's bugs the mock imitates", lists the same names,
 * tests/self/mock-client-fidelity.spec.ts holds both to it).
 */
import type { RouteContext } from './handler-contract';

export const SAHARA16_BUGS = {
  'create-drops-flags': 'creating a job execution with is_public / is_protected stores both as false',
  'create-unknown-data-source-500': 'an input_id or output_id that names no data source answers 500 INTERNAL_SERVER_ERROR (the database refuses the row), not a 4xx',
  'list-marker-inclusive': "a list page starts at the marker instead of after it; a marker naming the list's first item is ignored; markers.next is the page's last item (no marker) or the item `limit` places after the marker, markers.prev `limit` places before it",
  'bad-query-numeric-error-name': 'a bad limit (0, negative, not a number) or an unknown sort_by answers 400 whose error_name is the number 400',
  'sort-by-relation-500': 'sort_by=status, cluster or job_template answers 500 INTERNAL_SERVER_ERROR',
  'unknown-filter-500': 'a list query option that is not a column (e.g. ?bogus=x) answers 500 INTERNAL_SERVER_ERROR',
  'update-null-flag-stored': 'an update with is_public or is_protected null is accepted (202) and stores null',
  'update-needs-active-cluster': 'any update of a job execution whose cluster is not Active answers 400 INVALID_DATA ("Suspending operation can not be performed on an inactive or non-existent cluster")',
} as const;

export type Sahara16Bug = keyof typeof SAHARA16_BUGS;

/** Whether this mock imitates Sahara 16's `bug` (all of them under --quirks sahara16, none otherwise). */
export function imitates(ctx: Pick<RouteContext, 'options'>, bug: Sahara16Bug): boolean {
  void bug; // named at each call site so that every imitation reads as the bug it is
  return ctx.options.quirks.has('sahara16');
}
