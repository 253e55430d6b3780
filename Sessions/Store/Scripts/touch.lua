-- KEYS[1] the session. Slides the expiry of a live session that a request used without reading it.
-- Returns {OK}, {MISSING} or {GONE}.
local state = liveness(KEYS[1], now)
if state ~= OK then return {state} end
if not slide(KEYS[1], now, idle_ms, absolute_ms) then return {MISSING} end
return reply_ok()
