-- One step of a regeneration, which moves a session between two keys (two cluster slots) without a
-- multi-key command. KEYS[1] is a session and KEYS[2] its lock: the old ones for 'begin', 'end' and
-- 'abort', the new ones for 'copy' and 'discard'. ARGV[1] names the step; its arguments follow.
local step = ARGV[1]
local key = KEYS[1]

-- 'begin' (now, idle_ms, absolute_ms, move token, deadline ms, lock token): marks the session as moving
-- (every other request's write is refused from now on, and a second regeneration too) and returns what
-- the copy needs: {OK, ttl, lock ms left for the lock token (0 if not held), {field, value, ...}}, or
-- {MISSING}, {GONE} or {MOVED}.
if step == 'begin' then
  local now, idle_ms, absolute_ms = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
  local move_token, deadline_ms, lock_token = ARGV[5], ARGV[6], ARGV[7]
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
  return {OK, ttl, lock_left, fields}
end

-- 'copy' (ttl ms, lock token, lock ms, then field/value pairs): creates the session under its new id,
-- create-only, from the fields 'begin' returned, and carries a held lock over. {OK} or {ID_TAKEN}.
if step == 'copy' then
  local ttl_ms, lock_token, lock_ms = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
  if redis.call('EXISTS', key) == 1 then return {ID_TAKEN} end
  for i = 5, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
  redis.call('PEXPIRE', key, ttl_ms)
  if lock_ms > 0 then redis.call('SET', KEYS[2], lock_token, 'PX', lock_ms) end
  return {OK}
end

-- 'discard': deletes a copy whose move could not finish ('end' found it given up); the old session stays
-- the live one. {OK}.
if step == 'discard' then
  redis.call('DEL', key, KEYS[2])
  return {OK}
end

-- 'end' and 'abort' (move token, deadline ms; 'end' also now) act only while this mover owns the move,
-- else {GONE} (the move was given up meanwhile: 'end's caller discards its copy). 'end' turns the old
-- session into a tombstone, so a late request on the old id is refused rather than reviving it; 'abort'
-- gives the move up (its copy failed): the session is live again at once. {OK}.
local mark = ARGV[2] .. ':' .. ARGV[3]
if redis.call('HGET', key, F_MOVING) ~= mark then return {GONE} end
if step == 'end' then
  if tonumber(ARGV[3]) <= tonumber(ARGV[4]) then return {GONE} end
  bury(key, GONE_MOVED)
  return {OK}
end
redis.call('HDEL', key, F_MOVING)
return {OK}
