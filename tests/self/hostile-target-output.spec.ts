/**
 * A hostile or broken target cannot make the suite leak a token or hold unbounded memory (issue
 * 16, items 2-3). A proxy in front of the mock changes one behaviour at a time: it echoes every
 * request header back, plain and re-encoded (base64 at each alignment, hex, URL-encoded, in the
 * body and in a response header); it never answers a read; it answers a read with bytes that are
 * not HTTP; it sends bodies and heads without end. Every output of the run - console, reports,
 * test-results/ (error contexts), Playwright's HTML report - is scanned for both tenants' tokens
 * in every spelling, and the run must end with a verdict, never a stack trace.
 */
import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunGuardReport } from '../../lib/run-data/run-guard-report';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { findValues, secretForms } from './support/secret-scan';
import { OUTPUT_FOLDERS, runWithAllOutputs } from './support/run-with-all-outputs';
import { canaryWatcher, tamperingProxy, type ProxiedRequest } from './support/tampering-proxy';

test.describe.configure({ mode: 'parallel' });

const JOB_EXECUTION_READ = /^\/v1\.1\/[^/]+\/job-executions\/[^/?]+$/;

/** Every spelling of every header the request carried, token included. */
function echoOf(req: ProxiedRequest): Record<string, unknown> {
  const token = String(req.headers['x-auth-token'] ?? '');
  const headers = JSON.stringify(req.headers);
  return {
    error_code: 'ECHO',
    error_msg: `request headers: ${headers}`,
    base64: ['', 'a', 'ab'].map((pad) => Buffer.from(`${pad}${headers}`).toString('base64')),
    base64url: Buffer.from(`a${token}`).toString('base64url'),
    hex: Buffer.from(token).toString('hex'),
    url: encodeURIComponent(`${token}/`),
  };
}

/** Writes `chunk` for as long as the other side reads: an answer without end. */
function writeWithoutEnd(out: NodeJS.WritableStream, chunk: Buffer): void {
  const pump = () => {
    while (out.write(chunk)) {
      // until the socket's buffer is full; 'drain' resumes
    }
  };
  out.on('drain', pump);
  out.on('error', () => out.removeListener('drain', pump));
  out.on('close', () => out.removeListener('drain', pump));
  pump();
}

interface HostileCase {
  what: string;
  /** Answers some requests itself; the canary is left alone so that the run can start. */
  answer: (req: ProxiedRequest, res: http.ServerResponse) => boolean;
  env?: Record<string, string>;
  /** The tests to run (all when absent): where every read is hurt, a few show it as well as all. */
  grep?: string;
  /** What the output must say about the misbehaviour. */
  evidence: RegExp;
}

const echoing = (req: ProxiedRequest, res: http.ServerResponse): boolean => {
  if (req.method !== 'DELETE' && !(req.method === 'GET' && JOB_EXECUTION_READ.test(req.url))) return false;
  const body = JSON.stringify(echoOf(req));
  res.writeHead(500, { 'Content-Type': 'application/json', 'X-Echo': Buffer.from(String(req.headers['x-auth-token'])).toString('base64') }).end(body);
  return true;
};

const cases: HostileCase[] = [
  { what: 'echoes every request header, plain and re-encoded, in its error answers', answer: echoing, evidence: /answered 500 \{"error_code":"ECHO"/ },
  {
    // Every read differs, so comparisons of a job execution before and after a refused request
    // fail - and an assertion's "Received" value quotes what the target put there.
    what: "writes the caller's token into each job execution it reads back",
    answer: (() => {
      let reads = 0;
      return (req: ProxiedRequest, res: http.ServerResponse): boolean => {
        if (req.method !== 'GET' || !JOB_EXECUTION_READ.test(req.url)) return false;
        const token = String(req.headers['x-auth-token']);
        const je = { id: req.url.split('/').pop(), job_id: 'j', cluster_id: 'c', job_configs: { params: { echo: `${token} read ${reads++}` } }, is_public: false, is_protected: false, status: 'RUNNING', info: { status: 'RUNNING' } };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ job_execution: je }));
        return true;
      };
    })(),
    grep: '@JEX-TEN-001|@JEX-AUTH-001',
    evidence: /JEX-(TEN|AUTH)-001/,
  },
  {
    what: 'streams a body without end to each read of a job execution',
    answer: (req, res) => {
      if (req.method !== 'GET' || !JOB_EXECUTION_READ.test(req.url)) return false;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      writeWithoutEnd(res, Buffer.alloc(64 * 1024, `{"echo":"${String(req.headers['x-auth-token'])}"}`));
      return true;
    },
    grep: '@JEX-DEL-001|@JEX-AUTH-001',
    evidence: /ran past the suite's 1048576-byte cap \(reading stopped after \d+ bytes\)/,
  },
  {
    what: 'answers each DELETE with a head without end',
    answer: (req, res) => {
      if (req.method !== 'DELETE' || !res.socket) return false;
      res.socket.write('HTTP/1.1 204 No Content\r\nX-Echo: ');
      writeWithoutEnd(res.socket, Buffer.alloc(64 * 1024, String(req.headers['x-auth-token'])));
      return true;
    },
    grep: '@JEX-DEL-001|@JEX-AUTH-001',
    evidence: /response head larger than 65536 bytes/,
  },
  {
    what: 'never answers a read of a job execution',
    answer: (req) => req.method === 'GET' && JOB_EXECUTION_READ.test(req.url),
    env: { CONFORMANCE_REQUEST_TIMEOUT_MS: '1000' },
    grep: '@JEX-DEL-001|@JEX-AUTH-001',
    evidence: /Timeout 1000ms exceeded/,
  },
  {
    what: 'answers a read with bytes that are not HTTP, the token among them',
    answer: (req, res) => {
      if (req.method !== 'GET' || !JOB_EXECUTION_READ.test(req.url)) return false;
      res.socket?.end(`NOT-HTTP ${String(req.headers['x-auth-token'])}\r\n\r\n`);
      return true;
    },
    grep: '@JEX-DEL-001|@JEX-AUTH-001',
    evidence: /Parse Error|socket hang up|not an HTTP response/,
  },
];

for (const c of cases) {
  test(`a target that ${c.what} gets no token into any output, and the run ends with a verdict`, async () => {
    const mock = await startMockServer({ quirks: new Set(['sahara16']) });
    const canary = canaryWatcher();
    // The canary's reads are left alone: without it the run would stop before any test.
    const proxy = await tamperingProxy(mock, (req, res) => !req.url.endsWith(`/${canary.id() ?? '-'}`) && canary.id() !== undefined && c.answer(req, res), canary.observe);
    const dir = mkdtempSync(join(tmpdir(), 'hostile-outputs-'));
    try {
      const target = { ...seedEnvironment(proxy.url, 'sahara'), ...c.env };
      const { exitCode, output } = await runWithAllOutputs(target, dir, c.grep ? ['--grep', c.grep] : []);
      expect([1, 2], output).toContain(exitCode);
      expect(output).toMatch(c.evidence);
      // A verdict and the run guard's record, whatever the target did.
      const report = JSON.parse(readFileSync(join(dir, 'conformance-report', 'report.json'), 'utf8')) as { verdict: string };
      expect(['NON-CONFORMANT', 'INCOMPLETE']).toContain(report.verdict);
      const guard = JSON.parse(readFileSync(join(dir, 'conformance-report', 'run-guard.json'), 'utf8')) as RunGuardReport;
      // Whatever is still on the target keeps the ledger, named in the output, for a later cleanup.
      if (guard.leaks.some((l) => l.sweep !== 'removed')) {
        expect(existsSync(guard.ledgerKept!)).toBe(true);
        expect(output).toContain(`ledger kept: ${guard.ledgerKept}`);
        expect(output).toContain(`remove them with npx sahara-conformance cleanup ${guard.runId}`);
      } else expect(guard.ledgerKept).toBeUndefined();
      const folders = OUTPUT_FOLDERS.map((f) => join(dir, f));
      const secrets = [target.CONFORMANCE_AUTH_TOKEN!, target.CONFORMANCE_OTHER_AUTH_TOKEN!];
      expect(findValues(folders, secrets)).toEqual([]);
      for (const form of secrets.flatMap(secretForms)) expect(output).not.toContain(form);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });
}
