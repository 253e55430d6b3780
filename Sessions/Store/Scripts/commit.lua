-- KEYS[1] the session. Applies one request's delta: optionally clears every user key first (but those in
-- the keep list, written through after the clear), then sets and deletes fields, keeping F_BYTES exact,
-- and slides the expiry. A write that would take the session over limit_bytes (0 = none) and make it
-- larger is refused whole. Tail: nsets, then field/value pairs; ndels, then fields; nkeep, then fields.
-- Returns {OK, ttl, bytes}, {TOO_LARGE, bytes it would have}, {MISSING}, {GONE}, {MOVED} or {ID_TAKEN}.
local now, idle_ms, absolute_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local create, limit_bytes, clear = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local TAIL = 7
local key = KEYS[1]
local state = open_for_write(key, create, now)
if state ~= OK then return {state} end

local old_bytes = tonumber(redis.call('HGET', key, F_BYTES) or '0')
local bytes = old_bytes
local nsets = tonumber(ARGV[TAIL])
local dels_at = TAIL + 1 + nsets * 2
local ndels = tonumber(ARGV[dels_at])
local keep_at = dels_at + 1 + ndels

local cleared = {}
if clear == 1 then
  local keep = {}
  for i = keep_at + 1, keep_at + tonumber(ARGV[keep_at]) do keep[ARGV[i]] = true end
  for _, field in ipairs(redis.call('HKEYS', key)) do
    if string.sub(field, 1, 1) ~= RESERVED and not keep[field] then
      bytes = bytes - field_size(key, field)
      cleared[#cleared + 1] = field
    end
  end
end

local dropped = {}
for _, field in ipairs(cleared) do dropped[field] = true end
for i = TAIL + 1, dels_at - 1, 2 do
  local field = ARGV[i]
  local before = 0
  if not dropped[field] then before = field_size(key, field) end
  bytes = bytes - before + #field + #ARGV[i + 1]
end
for i = dels_at + 1, keep_at - 1 do
  if not dropped[ARGV[i]] then bytes = bytes - field_size(key, ARGV[i]) end
end

if limit_bytes > 0 and bytes > limit_bytes and bytes > old_bytes then
  if create == 1 then redis.call('DEL', key) end
  return {TOO_LARGE, bytes}
end

-- One HDEL and one HSET for the whole delta (in chunks, within Lua's stack): Redis CPU per command is what
-- bounds write throughput. Deletions go first: a cleared field this request sets again must end up set.
local removed = cleared
for i = dels_at + 1, keep_at - 1 do removed[#removed + 1] = ARGV[i] end
for first = 1, #removed, CHUNK do
  redis.call('HDEL', key, unpack(removed, first, math.min(first + CHUNK - 1, #removed)))
end
local pairs_to_set = {F_BYTES, bytes}
for i = TAIL + 1, dels_at - 1 do pairs_to_set[#pairs_to_set + 1] = ARGV[i] end
for first = 1, #pairs_to_set, CHUNK * 2 do
  redis.call('HSET', key, unpack(pairs_to_set, first, math.min(first + (CHUNK * 2) - 1, #pairs_to_set)))
end
local ttl = slide(key, now, idle_ms, absolute_ms)
if not ttl then return {MISSING} end
return {OK, ttl, bytes}
