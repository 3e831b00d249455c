-- wrk script: POST a JSON body (WRK_BODY, default the n8n peer kit's) and print one CSV line
-- that bench/lib/wrk.ts parses: rps, p50/p90/p99/max latency (ms), requests, socket errors, HTTP errors (>= 400).
wrk.method = "POST"
wrk.body   = os.getenv("WRK_BODY") or '{"value": 21}'
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("CSV,%.1f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
