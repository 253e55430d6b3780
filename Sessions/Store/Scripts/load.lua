-- KEYS[1] the session. Reads every field and slides the expiry; writes no field, so a read costs one
-- command and leaves nothing for concurrent writers to overwrite. Flash messages stay in Redis (a take
-- reads them): the load says only whether there are any.
-- Returns reply_ok(ttl applied, ttl left before this load, {field, value, ...}, 1 if flashes wait else 0),
-- {MISSING} or {GONE, 1 if it moved or is moving to a new id, 0 if it was ended}.
local key = KEYS[1]
local state, ttl_left = liveness(key, now)
if state == GONE then return {GONE, gone_detail(key)} end
if state ~= OK then return {state} end
local ttl = slide(key, now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
local all = redis.call('HGETALL', key)
local fields = {}
local flashes = 0
for i = 1, #all, 2 do
  if is_flash(all[i]) then
    flashes = 1
  else
    fields[#fields + 1] = all[i]
    fields[#fields + 1] = all[i + 1]
  end
end
return reply_ok(ttl, ttl_left, fields, flashes)
