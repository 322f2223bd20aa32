// A reader that goes away before the output ends (`sahara-conformance --list | head -1`, a pager
// quit early) is no error of the suite's: what is left to print goes nowhere, and the process
// carries on to the exit code it would have had - a run to its verdict, its cleanup and its
// reports (run.log keeps the whole console). Without this, node turns the EPIPE into an uncaught
// exception: a stack trace, and a run that dies half way. Loaded by the command line itself and,
// through NODE_OPTIONS (./closed-readers.ts), into every Playwright process it starts.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
