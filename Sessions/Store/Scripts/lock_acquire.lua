-- KEYS[1] the lock. Takes it for token (also when a retried attempt finds its own first try holds it).
-- Returns reply_ok() or {HELD, the holder's remaining ms}.
local holder = redis.call('GET', KEYS[1])
if holder == token or not holder then
  redis.call('SET', KEYS[1], token, 'PX', hold_ms)
  return reply_ok()
end
return {HELD, redis.call('PTTL', KEYS[1])}
