-- KEYS[1] a user's index. Returns reply_ok({session handle, signed-in ms, ...}).
return reply_ok(redis.call('HGETALL', KEYS[1]))
