-- KEYS[1] a fresh id. Creates a session signed in as `user`, for a sign-in that had no stored session to
-- move (a stored one is bound as move_copy copies it). Create-only: an id already taken is never touched.
-- Returns reply_ok(ttl) or {ID_TAKEN}.
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then return {ID_TAKEN} end
redis.call('HSET', key, F_CREATED, now, F_BYTES, 0, F_USER, user, F_DEVICE, device, F_SIGNED_IN, signed_in, F_SIGN_IN, sign_in)
return reply_ok(slide(key, now, idle_ms, absolute_ms))
