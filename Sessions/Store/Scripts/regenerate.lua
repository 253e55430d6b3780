-- KEYS[1] the session, KEYS[2] its new key, KEYS[3] the session's lock, KEYS[4] the new key's lock.
-- Moves the session to the new id and leaves a tombstone at the old one, so a late request on the old id
-- is refused rather than reviving it. A lock held by lock_token moves along. Single-slot Redis only:
-- the two ids hash to different cluster slots.
-- Returns {OK, ttl}, {MISSING}, {GONE} or {ID_TAKEN}.
local state = liveness(KEYS[1])
if state ~= OK then return {state} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {ID_TAKEN} end
redis.call('RENAME', KEYS[1], KEYS[2])
bury(KEYS[1], GONE_MOVED)
if lock_token ~= '' and redis.call('GET', KEYS[3]) == lock_token then
  local hold = redis.call('PTTL', KEYS[3])
  if hold > 0 then redis.call('SET', KEYS[4], lock_token, 'PX', hold) end
end
local ttl = slide(KEYS[2], now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
return {OK, ttl}
