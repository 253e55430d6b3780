-- KEYS[1] the session being moved. Gives a move up (its copy failed): the session is live again at once.
-- Returns {OK}, or {GONE} when this mover no longer owns the move.
if redis.call('HGET', KEYS[1], F_MOVING) ~= move_token .. ':' .. deadline_ms then return {GONE} end
redis.call('HDEL', KEYS[1], F_MOVING)
return reply_ok()
