-- KEYS[1] the session. Ends it: its data is deleted and a tombstone refuses late writes. With force = 1
-- (ended from elsewhere: revoked, capped, signed out everywhere) it also ends a session in the middle of a
-- move, whose last step then finds the move given up and discards its copy: no sign-in escapes that way.
-- Returns reply_ok(the user it was signed in as, or ''), {MISSING} (nothing to end) or {GONE, 1 if it moved
-- (or, without force, is moving) to a new id, 0 if it was ended already}.
local key = KEYS[1]
local state = liveness(key, now)
if state == GONE and force == 1 and redis.call('HEXISTS', key, F_GONE) == 0 then state = OK end
if state == GONE then return {GONE, gone_detail(key)} end
if state ~= OK then return {state} end
local user = redis.call('HGET', key, F_USER) or ''
bury(key, GONE_ENDED)
return reply_ok(user)
