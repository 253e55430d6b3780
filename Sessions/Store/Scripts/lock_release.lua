-- KEYS[1] the lock. Only the owner releases: a holder whose hold time ran out must not delete the next
-- holder's lock. Returns reply_ok(1) when released, reply_ok(0) when the lock was no longer this owner's.
if redis.call('GET', KEYS[1]) == token then
  return reply_ok(redis.call('DEL', KEYS[1]))
end
return reply_ok(0)
