/**
 * The request heads that real client families send for
 * `DELETE /v1.1/{project_id}/job-executions/{job_execution_id}`, so the suite can send the DELETE
 * under test exactly as each client does: a server may answer differently to each head (compress
 * or not, pick a media type from Accept, keep or drop the connection).
 *
 * All four were captured on the wire on 2026-12-03 on this machine (Debian bookworm, Debian
 * packages) with a raw-socket Python server on 127.0.0.1 that logged the bytes of each request head
 * in order and answered `204 No Content` / `Content-Length: 0`; two DELETEs were sent per run to
 * see whether the connection is reused. Each head below is the byte order seen on the wire, less
 * the request line and Host (the sender writes those). None of the clients sent `Connection: close`.
 * Content-Length: the requests-based clients (python-saharaclient, openstacksdk) declare the empty
 * body with `Content-Length: 0`; Go's net/http and curl send no Content-Length on a bodiless DELETE.
 */

/** The value put in place of the token when the head is sent. */
export const TOKEN = '{token}';

export interface ClientRequestHead {
  /** Stable name that evidence and reports use: 'python-saharaclient', 'openstacksdk', 'gophercloud', 'curl'. */
  client: string;
  /** Where this head comes from (capture command and versions, or source file and version). */
  source: string;
  /** Header lines after the request line and Host, in the client's order; the token's value is TOKEN. */
  headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** Whether the client keeps its connection alive for the next request (every pooled client does). */
  keepsConnectionsAlive: boolean;
}

/**
 * The head a keystoneauth1 session (python-requests / urllib3 underneath) writes for a bodiless
 * DELETE: both python clients sent these lines in this order and differ only in User-Agent.
 */
function keystoneauthHead(userAgent: string): ClientRequestHead['headers'] {
  return [
    ['User-Agent', userAgent],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Accept', '*/*'],
    ['Connection', 'keep-alive'],
    ['X-Auth-Token', TOKEN],
    ['Content-Length', '0'],
  ];
}

export const CLIENT_DELETE_HEADS: readonly ClientRequestHead[] = [
  {
    // The official client, and so the head of every DELETE a test does not send as another client
    // does. `openstack dataprocessing job delete <id>` (python-openstackclient 6.0.0 with the
    // saharaclient plugin) sends the same bytes (captured against the reference target).
    client: 'python-saharaclient',
    source:
      'captured on 2026-12-03 on this machine: python-saharaclient 4.0.2 (Debian 4.0.2-2) ' +
      '`Client(session=keystoneauth1.session.Session(auth=token_endpoint.Token(url, token)), ' +
      'sahara_url=url).job_executions.delete(id)`; keystoneauth1 5.0.0, python-requests 2.28.1, ' +
      'urllib3 1.26.12, CPython 3.11.2; `openstack dataprocessing job delete` sends the same head',
    headers: keystoneauthHead('python-saharaclient'),
    // requests/urllib3 pool: both DELETEs of one run went over one connection.
    keepsConnectionsAlive: true,
  },
  {
    // openstacksdk has no Sahara proxy; conn.data_processing is the SDK's generic openstack.proxy.Proxy
    // for the `data-processing` service type. Resource.delete does not add Accept: application/json
    // (only Resource.list does, resource.py), so requests' default `*/*` goes out.
    client: 'openstacksdk',
    source:
      'captured on 2026-12-03 on this machine: openstacksdk 0.101.0 (Debian python3-openstacksdk ' +
      '0.101.0-2) `conn = openstack.connect(auth_type="admin_token", auth={endpoint, token}, ' +
      'data_processing_endpoint_override=url, load_yaml_config=False, load_envvars=False)`, then ' +
      '`JobExecution(id=id).delete(conn.data_processing)` on a Resource subclass with ' +
      'base_path="/job-executions", allow_delete=True (proxy._delete(JobExecution, id) and ' +
      'proxy.delete(path) send the same bytes); keystoneauth1 5.0.0, python-requests 2.28.1, CPython 3.11.2',
    headers: keystoneauthHead('openstacksdk/0.101.0 keystoneauth1/5.0.0 python-requests/2.28.1 CPython/3.11.2'),
    // Same keystoneauth1 session / requests pool: both DELETEs reused one connection.
    keepsConnectionsAlive: true,
  },
  {
    // gophercloud's doRequest sets Accept: application/json and User-Agent, then the token
    // (provider_client.go); Go's net/http writes User-Agent first, then the header map sorted,
    // then its own Accept-Encoding: gzip last (transparent decompression). No Connection header:
    // HTTP/1.1 keep-alive is implied. Terraform's OpenStack provider prepends its own product
    // tokens to this User-Agent (ProviderClient.UserAgent.Prepend); the library default is kept here.
    client: 'gophercloud',
    source:
      'captured on 2026-12-03 on this machine: gophercloud 0.12.0 (Debian ' +
      'golang-github-gophercloud-gophercloud-dev 0.12.0-1; DefaultUserAgent "gophercloud/2.0.0" in ' +
      'provider_client.go), Go 1.19.8 (Debian golang-go 2:1.19~1), GO111MODULE=off ' +
      'GOPATH=/usr/share/gocode: `provider, _ := openstack.NewClient(url); provider.SetToken(token); ' +
      'sc := &gophercloud.ServiceClient{ProviderClient: provider, Endpoint: url}; ' +
      'sc.Delete(sc.ServiceURL("job-executions", id), nil)`',
    headers: [
      ['User-Agent', 'gophercloud/2.0.0'],
      ['Accept', 'application/json'],
      ['X-Auth-Token', TOKEN],
      ['Accept-Encoding', 'gzip'],
    ],
    // Go's http.Transport pool: both DELETEs reused one connection.
    keepsConnectionsAlive: true,
  },
  {
    // The form people paste for an OpenStack API: explicit Accept: application/json and the token.
    // curl puts its own User-Agent first, drops its default `Accept: */*` when -H gives one, and
    // writes the -H lines in command-line order (with -H X-Auth-Token first, the two swap). The
    // bare form `curl -s -X DELETE -H "X-Auth-Token: ..." URL` sends User-Agent, `Accept: */*`,
    // X-Auth-Token: the same Accept as the python clients, so the explicit-JSON form adds a case.
    client: 'curl',
    source:
      'captured on 2026-12-03 on this machine: curl 7.88.1 (libcurl/7.88.1, Debian bookworm) ' +
      '`curl -s -X DELETE -H \'Accept: application/json\' -H "X-Auth-Token: $TOKEN" URL`',
    headers: [
      ['User-Agent', 'curl/7.88.1'],
      ['Accept', 'application/json'],
      ['X-Auth-Token', TOKEN],
    ],
    // curl sends no Connection: close and reuses the connection between URLs of one invocation,
    // but the pasted command sends one DELETE and the process exits: there is no next request.
    keepsConnectionsAlive: false,
  },
];
