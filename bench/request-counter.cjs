// Preloaded (node --require) into every process of a benchmarked Playwright run: counts the
// requests and connections that node:http servers in that process accept, and writes the counts
// to $BENCH_COUNT_DIR/<pid>.json when the process exits. The embedded mock runs in the runner
// process, so this counts every loopback round trip the suite makes, raw-socket DELETEs included.
'use strict';
const http = require('node:http');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_COUNT_DIR;
if (dir) {
  const counts = { requests: 0, connections: 0 };
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function countingEmit(event, ...args) {
    if (event === 'request') counts.requests += 1;
    else if (event === 'connection') counts.connections += 1;
    return emit.call(this, event, ...args);
  };
  process.on('exit', () => {
    if (counts.requests || counts.connections) writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(counts));
  });
}
