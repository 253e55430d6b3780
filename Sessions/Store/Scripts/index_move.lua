-- KEYS[1] a user's index. A signed-in session moved from one id to another: so does its entry.
-- Returns {OK}, or {MISSING} when `from` was no longer listed (ended meanwhile: revoked, capped...).
local at = redis.call('HGET', KEYS[1], from)
if not at then return {MISSING} end
redis.call('HDEL', KEYS[1], from)
redis.call('HSET', KEYS[1], to, at)
keep_at_least(KEYS[1], ttl_ms)
return reply_ok()
