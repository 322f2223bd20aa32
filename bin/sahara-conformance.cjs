#!/usr/bin/env -S node --
// The `sahara-conformance` command (package.json "bin", npx, npm run conformance): the command
// line is TypeScript, loaded through tsx's require hook so there is no build step to forget.
// `node --` because Node 20 reads --env-file even after the script name: without it, node itself
// would take our --env-file option (and die on a missing file before we could say so).
require('tsx/cjs');
require('./conformance.ts');
