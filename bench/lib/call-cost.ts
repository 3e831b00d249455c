/**
 * Deriving the cost of one sub-workflow call from load-test throughput.
 *
 * The app runs as ONE uvicorn process: one event loop on one core. Under wrk's closed loop of C
 * connections it is saturated, so it completes requests at X = 1 / S per second, where S is the
 * CPU service time of one request. C does not enter: C requests wait in the queue, but the loop
 * still works through them one at a time. (C / X is the latency each request sees — Little's law —
 * which counts the queueing of the other C − 1 requests; multiplying by C would overstate the cost
 * of a call C-fold.) A variant that does the flat variant's work plus k calls has
 *     S_calls = S_flat + k · c   ⇒   c = (1 / X_calls − 1 / X_flat) / k.
 * For an HTTP self-call, c includes everything one call makes the process do: the client side
 * (httpx), and the server side of the inner request (parsing, routing, the child's own run).
 */
export function serviceTimeUs(rps: number): number {
  return 1e6 / rps;
}

export function perCallCostUs(rpsCalls: number, rpsFlat: number, calls: number): number {
  return (serviceTimeUs(rpsCalls) - serviceTimeUs(rpsFlat)) / calls;
}

/**
 * The same quantity from the server's own CPU time (user + system, from /proc) per request:
 * unlike requests/s it is barely moved when other processes take CPU from the server.
 */
export function cpuPerRequestUs(cpuSeconds: number, requests: number): number {
  return (cpuSeconds * 1e6) / requests;
}

export function perCallCpuCostUs(cpuUsCalls: number, cpuUsFlat: number, calls: number): number {
  return (cpuUsCalls - cpuUsFlat) / calls;
}
