-- KEYS[1] a session. ARGV[1] 'bind' or 'unbind', then the sign-in's fields.
-- 'bind' (now, idle_ms, absolute_ms, user, device, signed-in ms, sign-in id): KEYS[1] is a fresh id; creates
-- a session signed in as the user, for a sign-in that had no stored session to move (a stored one is bound
-- as move's 'copy' copies it). Create-only: an id already taken is never touched. {OK, ttl} or {ID_TAKEN}.
-- 'unbind' (sign-in id): the user's index refused a session this sign-in just bound (a concurrent sign-in
-- reached the cap): removes the binding if it is still that sign-in's; the session and its data stay. {OK}.
local key = KEYS[1]
if ARGV[1] == 'unbind' then
  if redis.call('HGET', key, F_SIGN_IN) == ARGV[2] then
    redis.call('HDEL', key, F_USER, F_DEVICE, F_SIGNED_IN, F_SIGN_IN)
  end
  return {OK}
end
local now, idle_ms, absolute_ms = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if redis.call('EXISTS', key) == 1 then return {ID_TAKEN} end
redis.call('HSET', key, F_CREATED, now, F_BYTES, 0, F_USER, ARGV[5], F_DEVICE, ARGV[6], F_SIGNED_IN, ARGV[7], F_SIGN_IN, ARGV[8])
return {OK, slide(key, now, idle_ms, absolute_ms)}
