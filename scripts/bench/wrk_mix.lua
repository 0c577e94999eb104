-- wrk request mix for scripts/bench/run: each request takes the next target of the file
-- named by $DATELINE_BENCH_TARGETS (one "/api/search?..." per line; "/" when unset).
-- Each wrk thread starts at a different target. done() prints one WRK_RESULT line.
local targets = {}
local next_index = 1

function init(args)
  local path = os.getenv("DATELINE_BENCH_TARGETS")
  if path and path ~= "" then
    for line in io.lines(path) do
      if line ~= "" then targets[#targets + 1] = line end
    end
  end
  if #targets == 0 then targets[1] = "/" end
  next_index = (tonumber(id) or 0) * 97 % #targets + 1  -- id: set by setup()
end

local thread_id = 0
function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function request()
  local target = targets[next_index]
  next_index = next_index % #targets + 1
  return wrk.format("GET", target)
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f non2xx=%d connect_errors=%d read_errors=%d " ..
    "write_errors=%d timeouts=%d lat_mean_ms=%.3f lat_p50_ms=%.3f lat_p90_ms=%.3f lat_p99_ms=%.3f lat_max_ms=%.3f\n",
    summary.requests, seconds, summary.requests / seconds, e.status, e.connect, e.read, e.write, e.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
