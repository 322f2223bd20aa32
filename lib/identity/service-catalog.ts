/**
 * The deployment's address from the service catalog that comes with a token, as OpenStack
 * clients find it: the service type (data-processing for Sahara; the one the profile names),
 * the interface (OS_INTERFACE, public by default) and the region (OS_REGION_NAME). Exactly one
 * address must remain; none or several is one line listing what the catalog offers. A project-id
 * template left in a URL (`%(tenant_id)s`) is filled in with the token's project.
 */
import { SuiteConfigError } from '../errors';

/** One service of a Keystone v3 token's `catalog`, as far as it is read here. */
export interface CatalogEntry {
  type?: unknown;
  name?: unknown;
  endpoints?: unknown;
}

interface Endpoint {
  interface: string;
  region: string;
  url: string;
}

export interface EndpointWanted {
  serviceType: string;
  /** public, internal or admin (the `publicURL` spelling of old clients is accepted). */
  interface: string;
  region?: string;
  /** Says where the wish came from, for messages: `OS_CLOUD=prod`. */
  label: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function endpointsOf(entry: CatalogEntry): Endpoint[] {
  if (!Array.isArray(entry.endpoints)) return [];
  return entry.endpoints
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({ interface: text(e.interface), region: text(e.region_id) || text(e.region), url: text(e.url) }))
    .filter((e) => e.url);
}

export function normalisedInterface(raw: string): string {
  return raw.trim().toLowerCase().replace(/url$/, '');
}

const TEMPLATE = /%\((?:tenant_id|project_id)\)s|\$\((?:tenant_id|project_id)\)s/g;

function describe(endpoints: Endpoint[]): string {
  return [...new Set(endpoints.map((e) => `${e.interface || '?'} ${e.region || '(no region)'} ${e.url}`))].sort().join('; ');
}

/** The one URL the catalog gives for what is wanted, with the project filled in. */
export function endpointFromCatalog(catalog: CatalogEntry[], wanted: EndpointWanted, projectId: string): string {
  const fix = `set CONFORMANCE_BASE_URL to the deployment's address instead`;
  const services = catalog.filter((entry) => text(entry.type) === wanted.serviceType);
  if (services.length === 0) {
    const types = [...new Set(catalog.map((entry) => text(entry.type)).filter(Boolean))].sort();
    throw new SuiteConfigError(
      `the service catalog of ${wanted.label} has no ${wanted.serviceType} service (it lists ${types.length ? types.join(', ') : 'no services'}); ` +
        `${fix}, or OS_DATA_PROCESSING_SERVICE_TYPE to the type it is registered under`,
    );
  }
  const all = services.flatMap(endpointsOf);
  const iface = normalisedInterface(wanted.interface);
  const matching = all.filter((e) => normalisedInterface(e.interface) === iface && (!wanted.region || e.region === wanted.region));
  const urls = [...new Set(matching.map((e) => e.url))];
  const where = `${iface} ${wanted.serviceType} endpoint${wanted.region ? ` in region ${wanted.region}` : ''}`;
  if (urls.length === 0) {
    throw new SuiteConfigError(`the service catalog of ${wanted.label} has no ${where} (it offers: ${describe(all) || 'no endpoints'}); set OS_INTERFACE / OS_REGION_NAME to one of them, or ${fix}`);
  }
  if (urls.length > 1) {
    throw new SuiteConfigError(`the service catalog of ${wanted.label} has ${urls.length} ${where}s (${describe(matching)}); set OS_REGION_NAME to choose one, or ${fix}`);
  }
  return urls[0]!.replace(TEMPLATE, encodeURIComponent(projectId));
}
