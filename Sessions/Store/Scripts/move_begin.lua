-- KEYS[1] the session, KEYS[2] its lock. Step 1 of a regeneration, which moves a session between two
-- keys (two cluster slots) without a multi-key command: marks the session as moving (every other
-- request's write is refused from now on, and a second regeneration too) and returns what the copy needs.
-- Returns reply_ok(ttl, lock ms left for lock_token (0 if not held), {field, value, ...}), {MISSING} or {GONE}.
local key = KEYS[1]
local state = liveness(key, now)
if state ~= OK then return {state} end
local ttl = ttl_for(key, now, idle_ms, absolute_ms)
if ttl <= 0 then
  redis.call('DEL', key)
  return {MISSING}
end
local fields = redis.call('HGETALL', key)
redis.call('HSET', key, F_MOVING, move_token .. ':' .. deadline_ms)
local lock_left = 0
if lock_token ~= '' and redis.call('GET', KEYS[2]) == lock_token then lock_left = redis.call('PTTL', KEYS[2]) end
return reply_ok(ttl, lock_left, fields)
