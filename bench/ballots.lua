-- ballots.lua: wrk script for `make bench`: every request casts one ballot with its own
-- token (one unit, 17 indicators). The bodies come from the files named by the first
-- argument and each thread's number, "FILE.0", "FILE.1", ..., one JSON body per line, as
-- bench/run.sh writes them.
--
-- init does no work beyond opening the thread's file. wrk runs each thread's init in its
-- main thread before it starts the next thread, and starts its clock only after the last:
-- an init that built every request in advance (a second or so for 300,000) let the first
-- thread cast ballots, counted, for that long before the clock started. Each request is
-- instead made when it is sent, from the next line of the file: a read of one line and one
-- concatenation with the request's head. (Building the body here too, from a token and a
-- unit, cost the client some 3 us a ballot of the two cores it shares with the server.) No
-- response is handed to Lua (a `response` function alone cost the client some 4 us a
-- request). A ballot is accepted when its answer is 2xx (201): the accepted ballots are
-- wrk's completed requests less its "non-2xx or 3xx" ones. Should the bodies run out, the
-- first is sent again: its token is spent, so it is refused (409) and not counted.
local threads = {}
local count = 0

function setup(thread)
  thread:set("id", count)
  table.insert(threads, thread)
  count = count + 1
end

local file
local head
local fallback

-- the request for one body
local function ballot(body)
  return head .. #body .. "\r\n\r\n" .. body
end

function init(args)
  -- the request line and headers (wrk.format ends them with an empty line), then the
  -- name of the one header that differs from one request to the next
  local bare = wrk.format("POST", "/api/v1/ballots", {["Content-Type"] = "application/json"})
  head = bare:sub(1, -3) .. "Content-Length: "
  file = assert(io.open(args[1] .. "." .. id, "r"))
  fallback = ballot(file:read("*l"))
  file:seek("set", 0)
end

function request()
  local line = file:read("*l")
  if line then
    return ballot(line)
  end
  return fallback
end

function done(summary, latency, requests)
  local created = summary.requests - summary.errors.status
  io.write(string.format("created %d in %.3f s\n", created, summary.duration / 1e6))
end
