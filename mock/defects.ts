/**
 * Deliberate, realistic bugs the mock can be started with (`--defect NAME`), one at a time, to
 * prove the suite fails a broken server on the right requirement. The table is the documentation:
 * each entry names what it breaks and the requirement that must catch it.
 */
export interface DefectDescription {
  /** What the broken server does. */
  behaviour: string;
  /** The requirement a correct suite reports as failed against it. */
  violates: string;
}

export const DEFECTS = {
  'delete-answers-200-with-body': { behaviour: 'DELETE deletes, but answers 200 with the deleted job execution as body', violates: 'JEX-DEL-001' },
  'delete-is-a-no-op': { behaviour: 'DELETE answers 204 but deletes nothing', violates: 'JEX-DEL-003' },
  'no-token-accepted': { behaviour: 'a request without X-Auth-Token is served as the project in its URL', violates: 'JEX-AUTH-001' },
} satisfies Record<string, DefectDescription>;

export type DefectName = keyof typeof DEFECTS;
export const DEFECT_NAMES = Object.keys(DEFECTS) as DefectName[];

export function isDefectName(name: string): name is DefectName {
  return Object.prototype.hasOwnProperty.call(DEFECTS, name);
}
