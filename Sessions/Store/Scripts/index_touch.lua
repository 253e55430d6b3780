-- KEYS[1] a user's index, whose user is active: it lives at least ttl_ms more. Returns {OK} or {MISSING}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {MISSING} end
keep_at_least(KEYS[1], ttl_ms)
return reply_ok()
