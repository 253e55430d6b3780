-- KEYS[1] a session's lock. ARGV: 'acquire' or 'release', the owner's token, then for 'acquire' the hold ms.
-- 'acquire' takes it for the token (also when a retried attempt finds its own first try holds it): {OK}, or
-- {LOCKED, the holder's remaining ms}. 'release' deletes it only if the token still holds it (a holder whose hold
-- time ran out must not delete the next holder's lock): {OK, 1 if released else 0}.
local mode, token = ARGV[1], ARGV[2]
local holder = redis.call('GET', KEYS[1])
if mode == 'release' then
  if holder == token then return {OK, redis.call('DEL', KEYS[1])} end
  return {OK, 0}
end
if holder == token or not holder then
  redis.call('SET', KEYS[1], token, 'PX', ARGV[3])
  return {OK}
end
return {LOCKED, redis.call('PTTL', KEYS[1])}
