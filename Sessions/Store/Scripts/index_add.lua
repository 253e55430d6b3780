-- KEYS[1] a user's index. Lists a session that just signed in, within the cap, in one atomic step, so
-- concurrent sign-ins never exceed it. Tail: ndrops, then the handles the caller found dead; then the
-- caller's eviction candidates, least recently used first. `replaces` is the handle the session had
-- before the sign-in moved it ('' for none). When the index is full (cap > 0) a refusing policy
-- (refuse = 1) changes nothing; otherwise the candidates still listed go first, then the entries that
-- signed in first. The index lives at least ttl_ms more.
-- Returns {OK, {dropped handles that were listed}, {evicted handles}} or {FULL}.
local cap, refuse, handle = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local signed_in, replaces, ttl_ms = tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local TAIL = 7
local key = KEYS[1]
local ndrops = tonumber(ARGV[TAIL])
local dropped = {}
for i = TAIL + 1, TAIL + ndrops do
  if redis.call('HEXISTS', key, ARGV[i]) == 1 then dropped[#dropped + 1] = ARGV[i] end
end
local replaced = replaces ~= '' and redis.call('HEXISTS', key, replaces) == 1
local count = redis.call('HLEN', key) - #dropped
if replaced then count = count - 1 end
if cap > 0 and refuse == 1 and count >= cap then return {FULL} end

for _, field in ipairs(dropped) do redis.call('HDEL', key, field) end
if replaced then redis.call('HDEL', key, replaces) end
local evicted = {}
if cap > 0 then
  for i = TAIL + 1 + ndrops, #ARGV do
    if count < cap then break end
    if redis.call('HDEL', key, ARGV[i]) == 1 then
      evicted[#evicted + 1] = ARGV[i]
      count = count - 1
    end
  end
  while count >= cap do
    local all = redis.call('HGETALL', key)
    local oldest, oldest_at = nil, nil
    for i = 1, #all, 2 do
      local at = tonumber(all[i + 1]) or 0
      if oldest_at == nil or at < oldest_at then oldest, oldest_at = all[i], at end
    end
    redis.call('HDEL', key, oldest)
    evicted[#evicted + 1] = oldest
    count = count - 1
  end
end
redis.call('HSET', key, handle, signed_in)
keep_at_least(key, ttl_ms)
return {OK, dropped, evicted}
