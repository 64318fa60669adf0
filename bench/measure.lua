-- Reports one wrk run as a JSON line: throughput, latency percentiles, every answer that was not a 200 (a redirect
-- to the sign-in page would otherwise pass for a fast page), and how many 200s came back without gzip although
-- wrk asked for it (bench.py sends `Accept-Encoding: gzip`), so a table row cannot silently compare identity bytes.
-- Optional arguments: paths to rotate through (each request takes the next one).
local threads = {}
local paths = {}
local next_path = 0
unexpected, not_gzipped = 0, 0

function setup(thread)
  threads[#threads + 1] = thread
end

function response(status, headers, body)
  if status ~= 200 then
    unexpected = unexpected + 1
  elseif (headers["Content-Encoding"] or headers["content-encoding"]) ~= "gzip" then
    not_gzipped = not_gzipped + 1
  end
end

function init(args)
  for _, path in ipairs(args) do paths[#paths + 1] = path end
end

function request()
  if #paths == 0 then return wrk.format() end
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failures = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local identity = 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("unexpected")
    identity = identity + thread:get("not_gzipped")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, '
      .. '"max_ms": %.3f, "failures": %d, "not_gzipped": %d, "bytes": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, failures, identity,
    summary.bytes))
end
