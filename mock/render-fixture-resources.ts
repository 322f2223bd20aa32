/**
 * The resources a job execution needs, as Sahara 16 reads them to python-saharaclient (the
 * reference target's fake plugin; keys as observed there): jobs (job templates), clusters and
 * data sources. The mock holds only what its fixtures need; the other fields carry Sahara's
 * defaults so that a client that reads them finds them.
 */
import { saharaTime } from './render';
import type { BinaryRecord, ClusterRecord, DataSourceRecord, JobRecord } from './store';

/** When the seeded resources were made: a fixed moment, as a database's rows have one. */
const SEEDED_AT = saharaTime(Date.UTC(2026, 0, 1));

export function renderJob(job: JobRecord): Record<string, unknown> {
  return {
    id: job.id,
    tenant_id: job.tenantId,
    name: job.created?.name ?? `mock-shell-job-${job.id.slice(0, 8)}`,
    description: job.created?.description ?? '',
    type: job.created?.type ?? 'Shell',
    mains: (job.created?.mains ?? []).map((id) => ({ id })),
    libs: [],
    interface: job.interfaceArgs.map((name, index) => ({ name, mapping_type: 'args', location: String(index), value_type: 'string', required: false, default: null, description: '' })),
    is_public: false,
    is_protected: false,
    created_at: job.created ? saharaTime(job.created.createdAtMs) : SEEDED_AT,
    updated_at: null,
  };
}

export function renderCluster(cluster: ClusterRecord): Record<string, unknown> {
  return {
    id: cluster.id,
    tenant_id: cluster.tenantId,
    name: cluster.name ?? `mock-cluster-${cluster.id.slice(0, 8)}`,
    description: '',
    plugin_name: 'fake',
    hadoop_version: '0.1',
    status: cluster.active ? 'Active' : 'Waiting',
    status_description: '',
    info: {},
    cluster_configs: {},
    cluster_template_id: null,
    default_image_id: null,
    domain_name: null,
    anti_affinity: [],
    anti_affinity_ratio: 1,
    is_transient: false,
    management_public_key: '',
    neutron_management_network: null,
    node_groups: [],
    provision_progress: [],
    shares: null,
    trust_id: null,
    use_autoconfig: true,
    user_keypair_id: null,
    is_public: false,
    is_protected: false,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  };
}

export function renderDataSource(source: DataSourceRecord): Record<string, unknown> {
  return {
    id: source.id,
    tenant_id: source.tenantId,
    name: source.name,
    description: source.description,
    type: source.type,
    url: source.url,
    is_public: false,
    is_protected: false,
    created_at: saharaTime(source.createdAtMs),
  };
}

/** A job binary or an internal binary, as Sahara 16 lists and answers them. */
export function renderBinary(binary: BinaryRecord): Record<string, unknown> {
  return {
    id: binary.id,
    tenant_id: binary.tenantId,
    name: binary.name,
    ...(binary.url !== undefined ? { description: binary.description, url: binary.url, extra: {} } : { datasize: binary.size ?? 0 }),
    is_public: false,
    is_protected: false,
    created_at: saharaTime(binary.createdAtMs),
    updated_at: null,
  };
}
