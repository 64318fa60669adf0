-- Cancels a different order with each request, each under a fresh idempotency key, with a full refund, restock
-- and customer email. Arguments: the CSRF token, a file of "number version refund_amount" lines, the thread count.
-- When the orders run out a thread asks /healthz instead, and those requests are not counted as cancels.
local threads = {}
local token, orders = nil, {}
local position, step = 0, 1
cancels = 0

function setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  token = args[1]
  for line in io.lines(args[2]) do
    local number, version, amount = line:match("(%d+) (%d+) (%S+)")
    orders[#orders + 1] = { number = number, version = version, amount = amount }
  end
  step = tonumber(args[3])
  position = thread_index
end

function request()
  local order = orders[position + 1]
  position = position + step
  if order == nil then return wrk.format("GET", "/healthz") end
  cancels = cancels + 1
  local body = "csrf_token=" .. token .. "&version=" .. order.version
    .. "&idempotency_key=bench-" .. order.number .. "-" .. position
    .. "&issue_refund=1&refund_amount=" .. order.amount .. "&restock=1&notify_customer=1&reason=customer"
  -- wrk.format's headers replace wrk.headers (which hold the -H session cookie), so copy them.
  local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", "/orders/" .. order.number .. "/cancel", headers, body)
end

-- A cancel is answered 303 back to its order, and the health check "ok" (gzipped, when the server compresses even
-- three bytes, since wrk asks for gzip); anything else (a sign-in redirect, a page with a 200, a 409, a 422) is a
-- failure.
unexpected, confirmed = 0, 0
function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local gzipped = (headers["Content-Encoding"] or headers["content-encoding"]) == "gzip"
  if status == 303 and location:match("^/orders/%d+$") then
    confirmed = confirmed + 1
  elseif not (status == 200 and (body == "ok\n" or gzipped)) then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local sent, wrong, answered = 0, 0, 0
  for _, thread in ipairs(threads) do
    sent = sent + thread:get("cancels")
    wrong = wrong + thread:get("unexpected")
    answered = answered + thread:get("confirmed")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests": %d, "cancels_sent": %d, "cancels_confirmed": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "failures": %d, "bytes": %d}\n',
    summary.requests, sent, answered, seconds, answered / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    wrong + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.bytes))
end
