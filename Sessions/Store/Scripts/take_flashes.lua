-- KEYS[1] the session. Returns the flash fields and messages and deletes them, so each is seen once.
-- Returns reply_ok(bytes left, {field, message, ...}), {MISSING} or {GONE}.
local key = KEYS[1]
local state = liveness(key, now)
if state ~= OK then return {state} end
local taken = {}
local freed = 0
local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  if is_flash(all[i]) then
    taken[#taken + 1] = all[i]
    taken[#taken + 1] = all[i + 1]
    freed = freed + #all[i] + #all[i + 1]
    redis.call('HDEL', key, all[i])
  end
end
if freed > 0 then redis.call('HINCRBY', key, F_BYTES, -freed) end
if not slide(key, now, idle_ms, absolute_ms) then return {MISSING} end
return reply_ok(tonumber(redis.call('HGET', key, F_BYTES) or '0'), taken)
