-- KEYS[1] a user's index. Removes the handles in the tail. Returns reply_ok({the handles that were listed}).
local removed = {}
for i = TAIL, #ARGV do
  if redis.call('HDEL', KEYS[1], ARGV[i]) == 1 then removed[#removed + 1] = ARGV[i] end
end
return reply_ok(removed)
