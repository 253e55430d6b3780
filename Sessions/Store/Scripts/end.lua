-- KEYS[1] the session. Ends it (sign-out): its data is deleted and a tombstone refuses late writes.
-- Returns {OK}, {MISSING} (nothing to end) or {GONE} (already ended or moved).
local state = liveness(KEYS[1], now)
if state ~= OK then return {state} end
bury(KEYS[1], GONE_ENDED)
return reply_ok()
