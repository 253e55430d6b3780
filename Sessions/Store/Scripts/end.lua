-- KEYS[1] the session. Ends it: its data is deleted and a tombstone refuses late writes. With force = 1
-- (ended from elsewhere: revoked, capped, signed out everywhere) it also ends a session in the middle of a
-- move, whose last step then finds the move given up and discards its copy: no sign-in escapes that way.
-- Returns {OK, the user it was signed in as, or ''}, {MISSING} (nothing to end), {GONE} (ended already) or
-- {MOVED} (it moved, or without force is moving, to a new id: nothing was ended).
local now, force = tonumber(ARGV[1]), tonumber(ARGV[2])
local key = KEYS[1]
local state = liveness(key, now)
if state == MOVED and force == 1 and redis.call('HEXISTS', key, F_GONE) == 0 then state = OK end
if state ~= OK then return {state} end
local user = redis.call('HGET', key, F_USER) or ''
bury(key, GONE_ENDED)
return {OK, user}
