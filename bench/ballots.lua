-- ballots.lua: wrk script for `make bench`: every request casts one ballot with its own
-- token (one unit, 17 indicators). The requests come from the files named by the first
-- argument and each thread's number, "FILE.0", "FILE.1", ...: whole HTTP requests back to
-- back, all of the same length, as bench/run.sh writes them.
--
-- init does no work beyond opening the thread's file and reading the length of its first
-- request. wrk runs each thread's init in its main thread before it starts the next thread,
-- and starts its clock only after the last: an init that built every request in advance (a
-- second or so for 300,000) let the first thread cast ballots, counted, for that long before
-- the clock started. Each request is instead read when it is sent, one read of a known
-- length. (Joining a head to each body here cost the client some 1.5 us a ballot, and
-- building the body from a token and a unit some 3 us more, of the two cores it shares
-- with the server.) No response is handed to Lua (a `response` function alone cost the
-- client some 4 us a request). A ballot is accepted when its answer is 2xx (201): the
-- accepted ballots are wrk's completed requests less its "non-2xx or 3xx" ones. Should the
-- requests run out, the first is sent again: its token is spent, so it is refused (409)
-- and not counted.
local count = 0

function setup(thread)
  thread:set("id", count)
  count = count + 1
end

local file
local size
local fallback

function init(args)
  file = assert(io.open(args[1] .. "." .. id, "rb"))
  local first = assert(file:read(8192))
  local head_end = assert(first:find("\r\n\r\n", 1, true))
  size = head_end + 3 + assert(tonumber(first:match("\r\nContent%-Length: (%d+)\r\n")))
  fallback = first:sub(1, size)
  file:seek("set", 0)
end

function request()
  return file:read(size) or fallback
end

function done(summary, latency, requests)
  local created = summary.requests - summary.errors.status
  io.write(string.format("created %d in %.3f s\n", created, summary.duration / 1e6))
end
