-- KEYS[1] a session. What a list of a user's sessions shows, read without sliding the expiry (looking at a
-- session must not keep it alive) and without writing anything. A session in the middle of a move is live.
-- Returns {OK, ttl left, user, created, device, signed-in ms, bytes} ('' for an absent field), {MISSING},
-- {GONE} (ended) or {MOVED} (moved to a new id).
local key = KEYS[1]
local ttl_left = redis.call('PTTL', key)
if ttl_left == -2 then return {MISSING} end
local f = redis.call('HMGET', key, F_GONE, F_USER, F_CREATED, F_DEVICE, F_SIGNED_IN, F_BYTES)
if f[1] == GONE_MOVED then return {MOVED} end
if f[1] then return {GONE} end
return {OK, ttl_left, f[2] or '', f[3] or '', f[4] or '', f[5] or '', f[6] or '0'}
