-- KEYS[1] the session. Slides the expiry of a live session and, by `mode`:
--   'read'  reads every field but the flash messages, writing none, so a read costs one command and leaves
--           nothing for concurrent writers to overwrite: {OK, ttl applied, ttl left before, {field, value, ...},
--           1 if flashes wait else 0};
--   'touch' nothing more (a request used the session without reading it): {OK};
--   'take'  takes the flash messages (deletes them, so each is seen once): {OK, bytes left, {field, message, ...}}.
-- Or {MISSING}, {GONE} or {MOVED}.
local now, idle_ms, absolute_ms, mode = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local key = KEYS[1]
local state, ttl_left = liveness(key, now)
if state ~= OK then return {state} end

local taken, freed = {}, 0
if mode == 'take' then
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if is_flash(all[i]) then
      taken[#taken + 1] = all[i]
      taken[#taken + 1] = all[i + 1]
      freed = freed + #all[i] + #all[i + 1]
      redis.call('HDEL', key, all[i])
    end
  end
  if freed > 0 then redis.call('HINCRBY', key, F_BYTES, -freed) end
end

local ttl = slide(key, now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
if mode == 'touch' then return {OK} end
if mode == 'take' then return {OK, tonumber(redis.call('HGET', key, F_BYTES) or '0'), taken} end

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
return {OK, ttl, ttl_left, fields, flashes}
