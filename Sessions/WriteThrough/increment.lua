-- KEYS[1] the session. Adds delta to one integer field at once (HINCRBY), inside the size limit. When this
-- request's view of the field differs from Redis (a pending value, or a pending clear), base_kind says
-- what the field holds first: 0 as stored, 1 the value base, 2 absent (counts from 0).
-- The value comes back as the stored decimal text: Lua numbers are doubles and would round it.
-- A value encrypted earlier (SEALED_MARKER) is left to the app, which can decrypt it: {SEALED}.
-- Returns {OK, ttl, value, bytes}, {SEALED}, {NOT_INTEGER}, {OVERFLOW}, {TOO_LARGE, bytes}, {MISSING}, {GONE}, {MOVED} or {ID_TAKEN}.
local now, idle_ms, absolute_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local create, limit_bytes, delta, field = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], ARGV[7]
local base_kind, base = tonumber(ARGV[8]), ARGV[9]
local key = KEYS[1]
local state = open_for_write(key, create, now)
if state ~= OK then return {state} end

local old_size = field_size(key, field)
local old_value = redis.call('HGET', key, field)
if base_kind == 0 and old_value and string.sub(old_value, 1, #SEALED_MARKER) == SEALED_MARKER then
  return {SEALED}
end
local function undo()
  if create == 1 then
    redis.call('DEL', key)
  elseif old_value then
    redis.call('HSET', key, field, old_value)
  else
    redis.call('HDEL', key, field)
  end
end

if base_kind == 1 then
  redis.call('HSET', key, field, base)
elseif base_kind == 2 then
  redis.call('HDEL', key, field)
end
local reply = redis.pcall('HINCRBY', key, field, delta)
if type(reply) == 'table' and reply.err then
  undo()
  if string.find(string.lower(reply.err), 'overflow', 1, true) then return {OVERFLOW} end
  return {NOT_INTEGER}
end

local value = redis.call('HGET', key, field)
local old_bytes = tonumber(redis.call('HGET', key, F_BYTES) or '0')
local bytes = old_bytes - old_size + #field + #value
if limit_bytes > 0 and bytes > limit_bytes and bytes > old_bytes then
  undo()
  return {TOO_LARGE, bytes}
end

redis.call('HSET', key, F_BYTES, bytes)
local ttl = slide(key, now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
return {OK, ttl, value, bytes}
