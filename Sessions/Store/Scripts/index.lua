-- KEYS[1] a user's index (field = session handle, value = signed-in ms). ARGV[1] names what to do
-- (index_add.lua lists a session within the cap):
--   'read': {OK, {session handle, signed-in ms, ...}};
--   'remove' (handles...): {OK, {the handles that were listed}};
--   'move' (from, to, ttl ms): a signed-in session moved from one id to another, so does its entry: {OK},
--          or {MISSING} when `from` was no longer listed (ended meanwhile: revoked, capped...);
--   'touch' (ttl ms): its user is active, it lives at least that long more: {OK} or {MISSING}.
local key = KEYS[1]
local op = ARGV[1]
if op == 'read' then return {OK, redis.call('HGETALL', key)} end
if op == 'remove' then
  local removed = {}
  for i = 2, #ARGV do
    if redis.call('HDEL', key, ARGV[i]) == 1 then removed[#removed + 1] = ARGV[i] end
  end
  return {OK, removed}
end
if op == 'move' then
  local at = redis.call('HGET', key, ARGV[2])
  if not at then return {MISSING} end
  redis.call('HDEL', key, ARGV[2])
  redis.call('HSET', key, ARGV[3], at)
  keep_at_least(key, tonumber(ARGV[4]))
  return {OK}
end
if redis.call('EXISTS', key) == 0 then return {MISSING} end
keep_at_least(key, tonumber(ARGV[2]))
return {OK}
