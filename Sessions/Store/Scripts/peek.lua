-- KEYS[1] a session. What a list of a user's sessions shows, read without sliding the expiry (looking at a
-- session must not keep it alive) and without writing anything. A session in the middle of a move is live.
-- Returns reply_ok(ttl left, user, created, device, signed-in ms, bytes) ('' for an absent field),
-- {MISSING}, or {GONE, 1 if it was moved to a new id, 0 if it was ended}.
local key = KEYS[1]
local ttl_left = redis.call('PTTL', key)
if ttl_left == -2 then return {MISSING} end
local f = redis.call('HMGET', key, F_GONE, F_USER, F_CREATED, F_DEVICE, F_SIGNED_IN, F_BYTES)
if f[1] then
  if f[1] == GONE_MOVED then return {GONE, 1} end
  return {GONE, 0}
end
return reply_ok(ttl_left, f[2] or '', f[3] or '', f[4] or '', f[5] or '', f[6] or '0')
