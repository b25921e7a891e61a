-- search.lua -- wrk script of the search-server benchmark (tests/bench/server.sh).
--
--   wrk -c 64 -t 2 -d 15s --latency -s tests/bench/search.lua URL -- tests/bench/queries.txt
--
-- Cycles through the query strings of queries.txt (one per line, already URL-encoded; '#'
-- lines and empty lines skipped) as GET /api/v1/search?<line>. Each wrk thread starts at its
-- own place in the list, so the threads do not send the same query at the same moment. The
-- requests are formatted once in init(); no response() callback, so wrk spends as little CPU
-- as it can (it shares the machine with the server). Status counts come from wrk's own
-- "Non-2xx or 3xx responses" line and from the server's /metrics.

local threads = 0

function setup(thread)
    thread:set("thread_no", threads)
    threads = threads + 1
end

local requests = {}
local next_i = 1

function init(args)
    local path = args[1] or "tests/bench/queries.txt"
    local f = assert(io.open(path, "r"), "search.lua: cannot open " .. path)
    for line in f:lines() do
        line = line:gsub("%s+$", "")
        if line ~= "" and line:sub(1, 1) ~= "#" then
            requests[#requests + 1] = wrk.format("GET", "/api/v1/search?" .. line)
        end
    end
    f:close()
    assert(#requests > 0, "search.lua: no queries in " .. path)
    -- thread_no is set by setup(); spread the starting points over the list.
    local n = tonumber(thread_no) or 0
    next_i = (n * 7919) % #requests + 1
end

function request()
    local r = requests[next_i]
    next_i = next_i % #requests + 1
    return r
end
