-- KEYS[1] the session. Reads every field and slides the expiry; writes no field, so a read costs one
-- command and leaves nothing for concurrent writers to overwrite.
-- Returns {OK, ttl applied, ttl left before this load, {field, value, ...}}, {MISSING} or {GONE}.
local key = KEYS[1]
local state = liveness(key, now)
if state ~= OK then return {state} end
local ttl_left = redis.call('PTTL', key)
local ttl = slide(key, now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
return {OK, ttl, ttl_left, redis.call('HGETALL', key)}
