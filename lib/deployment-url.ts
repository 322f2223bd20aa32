/**
 * A deployment's address as the suite uses it: checked (http(s), no credentials, no query) and
 * reduced to its service root, whether it was configured (CONFORMANCE_BASE_URL) or found in an
 * identity service's catalog.
 */
import { SuiteConfigError } from './errors';

/**
 * The service root of a base URL. The Keystone catalogue lists a Sahara endpoint with the
 * project in it (`http://host:8386/v1.1/<project_id>`); the suite builds `/v1.1/<project>/...`
 * itself, so a trailing `/v1.1` or `/v1.1/<project_id>` is taken off, and the project it named
 * is returned beside the root.
 */
export function serviceRootOf(url: URL): { root: URL; projectId?: string } {
  const root = new URL(url.href);
  root.search = '';
  root.hash = '';
  const path = root.pathname.replace(/\/+$/, '');
  const catalogueForm = /^(.*)\/v1\.1(?:\/([^/]+))?$/.exec(path);
  root.pathname = catalogueForm ? catalogueForm[1]! : path;
  if (!catalogueForm?.[2]) return { root };
  let projectId = catalogueForm[2];
  try {
    projectId = decodeURIComponent(projectId);
  } catch {
    // kept as written
  }
  return { root, projectId };
}

/** How the console and the reports name the embedded mock (lib/run/embedded-mock) as what a run certified. */
export const EMBEDDED_MOCK_NAME = 'the embedded mock';

/** What reports and the console name as the target: origin and path, never credentials or a query. */
export function targetUrlText(url: URL): string {
  const { root } = serviceRootOf(url);
  return `${root.origin}${root.pathname.replace(/\/+$/, '')}`;
}

/**
 * A deployment's address, checked, as its service root (and the project a catalogue form names).
 * `name` says where it came from: CONFORMANCE_BASE_URL, or an endpoint of the service catalog.
 */
export function deploymentUrlOf(raw: string, name: string): { url: URL; projectId?: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SuiteConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SuiteConfigError(`${name} must be http(s), got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new SuiteConfigError(`${name} must not carry credentials; use CONFORMANCE_AUTH_TOKEN`);
  }
  // A query would ride along on every request (the DELETE under test included), a fragment would
  // be dropped without a word: neither is part of a service root.
  if (url.search || url.hash || /[?#]/.test(raw)) {
    throw new SuiteConfigError(`${name} must not carry a query or a fragment, got "${raw.replace(/^[^?#]*/, '')}"; give the service root, e.g. http://host:8386`);
  }
  const { root, projectId } = serviceRootOf(url);
  return { url: root, projectId };
}
