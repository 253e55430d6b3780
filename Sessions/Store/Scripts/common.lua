-- Helpers shared by every script (prepended after the schema's constants and the reply codes).

-- How many fields one HSET/HDEL takes at most: unpack() puts them on Lua's stack, which is bounded.
local CHUNK = 500
-- Redis runs Lua 5.1 (a global unpack), Garnet a later Lua (table.unpack only).
local unpack = table.unpack or unpack

-- The TTL a touch applies: the idle timeout, capped by what is left of the absolute lifetime (0 = none).
local function ttl_for(key, now, idle, absolute)
  if absolute <= 0 then return idle end
  local created = tonumber(redis.call('HGET', key, F_CREATED) or now)
  local left = created + absolute - now
  if left < idle then return left end
  return idle
end

-- Bytes a field counts for in F_BYTES: its name plus its value, 0 when absent.
local function field_size(key, field)
  local length = redis.call('HSTRLEN', key, field)
  if length > 0 then return #field + length end
  if redis.call('HEXISTS', key, field) == 1 then return #field end
  return 0
end

local function is_flash(field)
  return string.sub(field, 1, #FLASH_PREFIX) == FLASH_PREFIX
end

-- OK when the session exists and is live, MISSING when there is no key, GONE for the tombstone of an ended
-- session, MOVED for the tombstone of a moved one or while a regeneration moves it (F_MOVING =
-- '<token>:<deadline ms>'): a move is not an ending, the sign-in lives on under the new id (or again under
-- this one). Also the TTL the key had (PTTL). A move whose deadline passed was abandoned (its mover died or
-- gave up): the field goes, the session is live. Two commands: every write and read starts here, and Redis
-- CPU is what bounds write throughput.
local function liveness(key, now)
  local ttl_left = redis.call('PTTL', key)
  if ttl_left == -2 then return MISSING, ttl_left end
  local marks = redis.call('HMGET', key, F_GONE, F_MOVING)
  if marks[1] == GONE_ENDED then return GONE, ttl_left end
  if marks[1] then return MOVED, ttl_left end
  if marks[2] then
    if tonumber(string.match(marks[2], ':(%d+)$')) > now then return MOVED, ttl_left end
    redis.call('HDEL', key, F_MOVING)
  end
  return OK, ttl_left
end

-- Makes the key a tombstone: nothing but F_GONE, for TOMBSTONE_MS.
local function bury(key, reason)
  redis.call('DEL', key)
  redis.call('HSET', key, F_GONE, reason)
  redis.call('PEXPIRE', key, TOMBSTONE_MS)
end

-- For a write: creates the session (create = 1) or checks that it is live. Returns OK or the refusal.
local function open_for_write(key, create, now)
  if create == 1 then
    if redis.call('EXISTS', key) == 1 then return ID_TAKEN end
    redis.call('HSET', key, F_CREATED, now, F_BYTES, 0)
    return OK
  end
  return liveness(key, now)
end

-- Applies the TTL after a write; an absolute lifetime that ran out deletes the session (it expired).
local function slide(key, now, idle, absolute)
  local ttl = ttl_for(key, now, idle, absolute)
  if ttl <= 0 then
    redis.call('DEL', key)
    return nil
  end
  redis.call('PEXPIRE', key, ttl)
  return ttl
end

-- Makes a key live for at least ttl ms more (never shortens it): a user's index must outlive its sessions.
local function keep_at_least(key, ttl)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
