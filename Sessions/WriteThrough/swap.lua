-- KEYS[1] the session. Sets one field to value (encoded by the app, e.g. an encrypted counter) only if the field
-- still holds what the app computed it from: expect_kind 0 anything, 1 exactly expected, 2 nothing; 3 writes
-- nothing and only reports what the field holds (the first read of an encrypted increment). Inside the size limit.
-- Returns {OK, ttl, bytes}, {CONFLICT, value held} or {CONFLICT} when the field is absent,
-- {TOO_LARGE, bytes}, {MISSING}, {GONE}, {MOVED} or {ID_TAKEN}.
local now, idle_ms, absolute_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local create, limit_bytes, field = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local expect_kind, expected, value = tonumber(ARGV[7]), ARGV[8], ARGV[9]
local key = KEYS[1]
local state = open_for_write(key, create, now)
if state ~= OK then return {state} end

local current = redis.call('HGET', key, field)
if expect_kind == 3 or (expect_kind == 1 and current ~= expected) or (expect_kind == 2 and current) then
  if current then return {CONFLICT, current} end
  return {CONFLICT}
end

local old_bytes = tonumber(redis.call('HGET', key, F_BYTES) or '0')
local bytes = old_bytes - field_size(key, field) + #field + #value
if limit_bytes > 0 and bytes > limit_bytes and bytes > old_bytes then
  if create == 1 then redis.call('DEL', key) end
  return {TOO_LARGE, bytes}
end

redis.call('HSET', key, field, value)
redis.call('HSET', key, F_BYTES, bytes)
local ttl = slide(key, now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
return {OK, ttl, bytes}
