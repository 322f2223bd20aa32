/**
 * A request that was sent and never answered: it timed out, or the connection was reset or closed
 * under it. What the server did with it cannot be known, so callers decide what that means for
 * them (a read is sent again; a creation is not, and its test cannot start).
 */
export function isLostAnswer(error: unknown): boolean {
  return error instanceof Error && /Timeout \d+ms exceeded|ECONNRESET|socket hang up|EPIPE/.test(error.message);
}

export function lostAnswerSummary(error: unknown): string {
  return (error as Error).message.split('\n')[0] ?? '';
}
