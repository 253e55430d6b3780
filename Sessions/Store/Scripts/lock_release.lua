-- KEYS[1] the lock. Only the owner releases: a holder whose hold time ran out must not delete the next
-- holder's lock. Returns {OK, 1} when released, {OK, 0} when the lock was no longer this owner's.
if redis.call('GET', KEYS[1]) == token then
  return {OK, redis.call('DEL', KEYS[1])}
end
return {OK, 0}
