/**
 * The request head the official clients send to delete a job execution, captured on the wire on
 * this project's reference machine (Debian bookworm): python-saharaclient 4.0.2 through a
 * keystoneauth1 5.0.0 session (python-requests 2.28.1) for `job_executions.delete(id)`, and
 * `openstack dataprocessing job delete <id>` (python-openstackclient 6.0.0 with the saharaclient
 * plugin), which sends the same bytes:
 *
 *   DELETE /v1.1/<project>/job-executions/<id> HTTP/1.1
 *   Host: <host:port>
 *   User-Agent: python-saharaclient
 *   Accept-Encoding: gzip, deflate
 *   Accept: *\/*
 *   Connection: keep-alive
 *   X-Auth-Token: <token>
 *   Content-Length: 0
 *
 * Every DELETE the suite sends carries this head, so the verdict is about what real clients get:
 * a server may answer differently to it than to a minimal request (compress, keep the
 * connection, choose HTML for an Accept of any type). Recorded in the source of JEX-DEL-002.
 */

/** Before the token, in the clients' order. */
export const OFFICIAL_CLIENT_DELETE_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'python-saharaclient',
  'Accept-Encoding': 'gzip, deflate',
  Accept: '*/*',
  Connection: 'keep-alive',
};

/** After the token: requests declares the empty body of a DELETE. */
export const OFFICIAL_CLIENT_DELETE_TRAILING_HEADERS: Readonly<Record<string, string>> = {
  'Content-Length': '0',
};
