/**
 * Which requests arrived on a TCP connection that had already carried another one. A server whose
 * per-connection state leaks from one request into the next (defect delete-lost-on-reused-connection)
 * gets those wrong, and a keep-alive client meets them all the time. server.ts notes every request,
 * whatever its method, since any earlier request makes the connection a reused one.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const usedConnections = new WeakSet<Socket>();
const onReusedConnection = new WeakSet<IncomingMessage>();

export function noteConnectionUse(req: IncomingMessage): void {
  if (usedConnections.has(req.socket)) onReusedConnection.add(req);
  else usedConnections.add(req.socket);
}

/** Whether an earlier request came on the same connection as this one. */
export function cameOnReusedConnection(req: IncomingMessage): boolean {
  return onReusedConnection.has(req);
}
