-- search.lua -- wrk script of the search benchmarks (tests/bench/server.sh, peers.py).
--
--   [WW_RATE=400 WW_CONNECTIONS=8] wrk -c 8 -t 2 -d 10s --latency -s tests/bench/search.lua URL \
--       -- QUERIES [zipf]
--
-- GET /api/v1/search?<line> for the lines of QUERIES (already URL-encoded; '#' lines and empty
-- lines skipped), cycled through; each wrk thread starts at its own place in the list, so the
-- threads do not send the same query at the same moment. The requests are formatted once in
-- init(); no response() callback, so wrk spends as little CPU as it can (it shares the machine
-- with the server). With WW_RATE each connection waits between its requests so that all
-- WW_CONNECTIONS together send about WW_RATE requests a second (wrk's delay(): the wait is not
-- counted in the latency); without it, as fast as possible. With "zipf" as the second argument
-- a question is drawn at random by Zipf's law (the k-th line k times less often than the
-- first), the repetition of real residents' questions that the answer cache lives on.

local threads = 0

function setup(thread)
    thread:set("thread_no", threads)
    threads = threads + 1
end

local requests, cumulative = {}, {}
local next_i, wait_ms, zipf = 1, 0, false

function init(args)
    local path = args[1] or "tests/bench/queries.txt"
    zipf = args[2] == "zipf"
    local f = assert(io.open(path, "r"), "search.lua: cannot open " .. path)
    for line in f:lines() do
        line = line:gsub("%s+$", "")
        if line ~= "" and line:sub(1, 1) ~= "#" then
            requests[#requests + 1] = wrk.format("GET", "/api/v1/search?" .. line)
        end
    end
    f:close()
    assert(#requests > 0, "search.lua: no queries in " .. path)
    local total = 0
    for k = 1, #requests do
        total = total + 1 / k
        cumulative[k] = total
    end
    for k = 1, #requests do
        cumulative[k] = cumulative[k] / total
    end
    local n = tonumber(thread_no) or 0
    next_i = (n * 7919) % #requests + 1
    math.randomseed(1000 + n)
    local rate = tonumber(os.getenv("WW_RATE") or "")
    local connections = tonumber(os.getenv("WW_CONNECTIONS") or "") or 1
    if rate and rate > 0 then
        wait_ms = 1000 * connections / rate
    end
end

function delay()
    return wait_ms
end

function request()
    if zipf then
        local u, k = math.random(), 1
        while cumulative[k] < u do
            k = k + 1
        end
        return requests[k]
    end
    local r = requests[next_i]
    next_i = next_i % #requests + 1
    return r
end
