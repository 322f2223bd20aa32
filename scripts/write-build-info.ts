/**
 * npm pack's prepack step: records the git commit the package is built from in build-info.json
 * (shipped in the tarball, read by lib/suite-version.ts, where a tarball has no .git to ask);
 * `--remove` (postpack) takes it away again so the checkout stays as it was.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { BUILD_INFO_FILE, gitCommit } from '../lib/suite-version';

if (process.argv[2] === '--remove') rmSync(BUILD_INFO_FILE, { force: true });
else writeFileSync(BUILD_INFO_FILE, `${JSON.stringify({ commit: gitCommit() ?? 'unknown' }, null, 2)}\n`);
