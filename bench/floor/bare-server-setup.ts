/** Starts the floor's bare 204 server in the runner process; its URL reaches the worker through the environment. */
import type { AddressInfo } from 'node:net';
import { startBareServer } from '../servers/bare-server';

export default async function bareServerSetup(): Promise<() => Promise<void>> {
  const server = await startBareServer(0);
  process.env.BENCH_FLOOR_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
