-- KEYS[1] the session being moved. Step 3: turns it into a tombstone, so a late request on the old id is
-- refused rather than reviving it, if this mover still owns the move and its deadline has not passed.
-- Returns {OK}, or {GONE} when the move was given up meanwhile (the caller discards its copy).
local moving = redis.call('HGET', KEYS[1], F_MOVING)
if not moving or moving ~= move_token .. ':' .. deadline_ms or deadline_ms <= now then return {GONE} end
bury(KEYS[1], GONE_MOVED)
return reply_ok()
