/**
 * What the mock holds at start: two projects with known dev tokens, and per project one job and
 * one Active cluster, so the sahara-execute fixture works out of the box. Project A also has a
 * cluster that is not Active, where executions stay PENDING (the TOBEKILLED path).
 * These tokens are public development values; they grant nothing outside the mock.
 */
export interface SeedProject {
  projectId: string;
  token: string;
  jobId: string;
  clusterId: string;
  pendingClusterId?: string;
}

export const SEED_PROJECTS: Record<'a' | 'b', SeedProject> = {
  a: {
    projectId: '3f2a9c1e5b7d4e8f9a0b1c2d3e4f5a6b',
    token: 'mock-dev-token-project-a',
    jobId: '0b6e6d3c-1a2b-4c5d-8e9f-a0b1c2d3e4f5',
    clusterId: '7c1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f',
    pendingClusterId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  },
  b: {
    projectId: '8d4b6f2a1c3e4a5b8c7d9e0f1a2b3c4d',
    token: 'mock-dev-token-project-b',
    jobId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    clusterId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  },
};

/** The suite's environment for a mock at baseUrl (what globalSetup or --write-env hands over). */
export function seedEnvironment(baseUrl: string, profile: string): Record<string, string> {
  const { a, b } = SEED_PROJECTS;
  return {
    CONFORMANCE_BASE_URL: baseUrl,
    CONFORMANCE_PROFILE: profile,
    CONFORMANCE_PROJECT_ID: a.projectId,
    CONFORMANCE_AUTH_TOKEN: a.token,
    CONFORMANCE_OTHER_PROJECT_ID: b.projectId,
    CONFORMANCE_OTHER_AUTH_TOKEN: b.token,
    CONFORMANCE_JOB_ID: a.jobId,
    CONFORMANCE_CLUSTER_ID: a.clusterId,
    CONFORMANCE_OTHER_JOB_ID: b.jobId,
    CONFORMANCE_OTHER_CLUSTER_ID: b.clusterId,
    CONFORMANCE_PENDING_CLUSTER_ID: a.pendingClusterId ?? '',
  };
}
