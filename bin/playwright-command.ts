/**
 * How the command line starts Playwright (a run, or merge-reports): its own CLI under this Node,
 * with tsx's require hook added to NODE_OPTIONS - installed as a package (under node_modules),
 * the suite's TypeScript is not compiled by Playwright's own loader, so the hook compiles it in
 * every Playwright process.
 */
export const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');

export function withTypeScriptHook(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--require "${require.resolve('tsx/cjs')}"`].filter(Boolean).join(' ') };
}
