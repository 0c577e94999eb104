-- wrk script for scripts/load-test: the request mix of wrk_mix.lua (same targets, same
-- WRK_RESULT line), plus a count of every response by HTTP status. wrk itself counts only
-- statuses above 399 as errors; done() prints one more line,
--   WRK_STATUS non2xx=N 200=N [404=N ...]
-- where non2xx counts every status outside 200-299 (3xx included).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_mix.lua")

local mix_setup, mix_done = setup, done
local threads = {}

function setup(thread)
  mix_setup(thread)
  threads[#threads + 1] = thread
end

statuses = {}  -- per thread (each wrk thread has its own Lua state); read back in done()

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  mix_done(summary, latency, requests)
  local total, non2xx = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + count
      if status < 200 or status > 299 then non2xx = non2xx + count end
    end
  end
  local codes = {}
  for status in pairs(total) do codes[#codes + 1] = status end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do parts[#parts + 1] = string.format("%d=%d", status, total[status]) end
  io.write(string.format("WRK_STATUS non2xx=%d %s\n", non2xx, table.concat(parts, " ")))
end
