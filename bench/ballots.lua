-- ballots.lua: wrk script for `make bench`: every request casts one ballot with its own
-- token (one unit, 17 indicators). Tokens come from the file named by the first argument,
-- "TOKEN UNIT" per line, dealt out to the wrk threads in turn. Every request is built once,
-- in init, and no response is handed to Lua, so that the load generator spends as little
-- per request as on the health floor (a `response` function alone cost the client some 4 us
-- a request). A ballot is accepted when its answer is 2xx (201): the accepted ballots are
-- wrk's completed requests less its "non-2xx or 3xx" ones. Should the tokens run out, the
-- first request is sent again: its token is spent, so it is refused (409) and not counted.
local threads = {}
local count = 0

function setup(thread)
  thread:set("id", count)
  table.insert(threads, thread)
  count = count + 1
end

local requests = {}
local next_request = 0
local fallback
local ratings = '{"sixiang":90,"fuwu":85,"huanjing":"满意","xiaoneng":80,"lianjie":95,' ..
  '"xuexi":70,"lingdao":75,"weimin":88,"zunzhang":92,"jingshen":"比较满意",' ..
  '"taidu":81,"xingxiang":77,"gongzuo":69,"qingzheng":93,"lvzhi":84,"zhizheng":78,"renwu":86}'

function init(args)
  local n = tonumber(args[2])
  local headers = {["Content-Type"] = "application/json"}
  local i = 0
  for line in io.lines(args[1]) do
    if i % n == id then
      local tok, unit = line:match("(%S+) (%S+)")
      local body = '{"round":"B","token":"' .. tok .. '","ballots":[{"unit":"' .. unit ..
        '","ratings":' .. ratings .. '}]}'
      table.insert(requests, wrk.format("POST", "/api/v1/ballots", headers, body))
    end
    i = i + 1
  end
  fallback = requests[1]
end

function request()
  next_request = next_request + 1
  return requests[next_request] or fallback
end

function done(summary, latency, requests)
  local created = summary.requests - summary.errors.status
  io.write(string.format("created %d in %.3f s\n", created, summary.duration / 1e6))
end
