/** How a mock instance behaves; every switch maps to a documented real-server behaviour or a catalogued defect. */
import type { DefectName } from './defects';

export type MockProfile = 'sahara' | 'mrs';
export const MOCK_QUIRKS = ['sahara16'] as const;
export type MockQuirk = (typeof MOCK_QUIRKS)[number];

export interface MockOptions {
  host: string;
  port: number;
  /** Error dialect and MRS-specific answers. */
  profile: MockProfile;
  /**
   * sahara16: real Sahara 16's 204 framing (Transfer-Encoding: chunked + empty chunk) and its
   * read-after-delete race (reads right after the 204 may still answer 200, a junk 200 or 500).
   */
  quirks: Set<MockQuirk>;
  /** How long a running job execution stays TOBEKILLED after DELETE before it disappears. */
  deleteDelayMs: number;
  /** How long an execution on an Active cluster runs before it is SUCCEEDED. */
  jobDurationMs: number;
  /** With sahara16: how long after the 204 the row lingers. */
  raceWindowMs: number;
  /** One deliberate bug from mock/defects.ts, or none. */
  defect?: DefectName;
}

export const DEFAULT_MOCK_OPTIONS: MockOptions = {
  host: '127.0.0.1',
  port: 0,
  profile: 'sahara',
  quirks: new Set(),
  deleteDelayMs: 0,
  jobDurationMs: 0,
  raceWindowMs: 120,
};
