-- KEYS[1] the new key, KEYS[2] its lock. Step 2: creates the session under its new id, create-only, from
-- the fields step 1 returned (tail: field/value pairs), and carries a held lock over.
-- Returns {OK} or {ID_TAKEN}.
if redis.call('EXISTS', KEYS[1]) == 1 then return {ID_TAKEN} end
for i = TAIL, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ttl_ms)
if lock_ms > 0 then redis.call('SET', KEYS[2], lock_token, 'PX', lock_ms) end
return reply_ok()
