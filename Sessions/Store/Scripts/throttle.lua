-- KEYS[1] one failed-sign-in counter (of a user name or of a client address). ARGV[1] 'reserve' or 'release'.
-- 'reserve' (limit, window ms): counts one failure unless the count already reached the limit: {OK, ms the
-- counter lives}, or {FULL, ms left in its window} (nothing counted). The window starts at the first failure;
-- a counter that somehow lost its expiry (full or not) gets one again.
-- 'release' (the counter's ms to live just after the reservation): takes the reservation back. Within its
-- window a counter's time to live only shrinks; one of a later window (the reserved one expired and a new
-- failure started another) lives longer, and its count holds none of this attempt, so it is left alone. {OK}.
local key = KEYS[1]
if ARGV[1] == 'release' then
  local ttl = redis.call('PTTL', key)
  if ttl > 0 and ttl <= tonumber(ARGV[2]) and tonumber(redis.call('GET', key) or '0') > 0 then
    redis.call('DECR', key)
  end
  return {OK}
end
local count = tonumber(redis.call('GET', key) or '0')
-- Before the limit is checked: a full counter without an expiry would refuse its name or address for ever.
if count > 0 and redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[3]) end
if count >= tonumber(ARGV[2]) then return {FULL, redis.call('PTTL', key)} end
count = redis.call('INCR', key)
if count == 1 then redis.call('PEXPIRE', key, ARGV[3]) end
return {OK, redis.call('PTTL', key)}
