using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>A Lua script and its SHA1, so a call sends EVALSHA with the hash and no script text is looked up per call.</summary>
internal sealed class SessionScript(string text)
{
    public string Text { get; } = text;

    public byte[] Sha1 { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(text));
}

/// <summary>
/// The Lua scripts that make each session operation one atomic round trip. Every script touches only
/// the keys it is given, all hash-tagged by session id, so Redis Cluster accepts them (regeneration
/// excepted: it moves a session between two ids, hence two slots).
/// Metadata fields start with <c>~</c>; user keys never do.
/// </summary>
internal static class SessionScripts
{
    // TTL left for a session: the idle timeout, capped by what remains of its absolute lifetime.
    private const string TtlFunction = """
        local function ttl_for(key, now, idle, absolute)
          if absolute <= 0 then return idle end
          local created = tonumber(redis.call('HGET', key, '~created') or now)
          local left = created + absolute - now
          if left < idle then return left end
          return idle
        end

        """;

    // KEYS[1] session; ARGV now, idle ms, absolute ms (0 = none).
    // Returns every field (metadata included) plus ~ttl (the TTL now applied) and ~pttl (the TTL that was
    // left before this load, from which the caller derives the last access), or nothing when the session
    // does not exist. It writes no field: a read only slides the expiry.
    private const string LoadText = TtlFunction + """
        local fields = redis.call('HGETALL', KEYS[1])
        if #fields == 0 then return fields end
        local now = tonumber(ARGV[1])
        local ttl = ttl_for(KEYS[1], now, tonumber(ARGV[2]), tonumber(ARGV[3]))
        if ttl <= 0 then
          redis.call('DEL', KEYS[1])
          return {}
        end
        local left = redis.call('PTTL', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ttl)
        fields[#fields + 1] = '~ttl'
        fields[#fields + 1] = ttl
        fields[#fields + 1] = '~pttl'
        fields[#fields + 1] = left
        return fields
        """;

    // KEYS[1] session; ARGV: mode ('n' new | 'e' existing), now, idle ms, absolute ms, clear ('1'|'0'),
    // hard session byte limit to check here (0 = checked by the caller), number of sets N, N field/value
    // pairs, then the fields to delete.
    // Returns 1 when applied, -1 when an existing session is gone (deleted, renamed or expired: never
    // resurrect it), -2 when a new id is already taken, -3 when the session would exceed the limit.
    private const string CommitText = TtlFunction + """
        local key = KEYS[1]
        local now = tonumber(ARGV[2])
        local exists = redis.call('EXISTS', key) == 1
        if ARGV[1] == 'n' then
          if exists then return -2 end
        elseif not exists then
          return -1
        end
        local nsets = tonumber(ARGV[7])
        local first_del = 8 + nsets * 2
        local limit = tonumber(ARGV[6])
        if limit > 0 then
          local sizes = {}
          if exists and ARGV[5] ~= '1' then
            local all = redis.call('HGETALL', key)
            for i = 1, #all, 2 do
              if string.sub(all[i], 1, 1) ~= '~' then sizes[all[i]] = #all[i] + #all[i + 1] end
            end
          end
          for i = 8, first_del - 1, 2 do
            if string.sub(ARGV[i], 1, 1) ~= '~' then sizes[ARGV[i]] = #ARGV[i] + #ARGV[i + 1] end
          end
          for i = first_del, #ARGV do sizes[ARGV[i]] = nil end
          local total = 0
          for _, size in pairs(sizes) do total = total + size end
          if total > limit then return -3 end
        end
        if ARGV[1] == 'n' then
          redis.call('HSET', key, '~created', ARGV[2])
        end
        local ttl = ttl_for(key, now, tonumber(ARGV[3]), tonumber(ARGV[4]))
        if ttl <= 0 then
          redis.call('DEL', key)
          return -1
        end
        if ARGV[5] == '1' then
          local names = redis.call('HKEYS', key)
          for _, name in ipairs(names) do
            if string.sub(name, 1, 1) ~= '~' then redis.call('HDEL', key, name) end
          end
        end
        for i = 8, first_del - 1, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
        for i = first_del, #ARGV do redis.call('HDEL', key, ARGV[i]) end
        redis.call('PEXPIRE', key, ttl)
        return 1
        """;

    // KEYS[1] session; ARGV mode, now, idle ms, absolute ms, field, delta.
    // Returns {1, value}, {-1, 0} when an existing session is gone, {-2, 0} when a new id is taken.
    private const string IncrementText = TtlFunction + """
        local key = KEYS[1]
        local now = tonumber(ARGV[2])
        local exists = redis.call('EXISTS', key) == 1
        if ARGV[1] == 'n' then
          if exists then return {-2, 0} end
          redis.call('HSET', key, '~created', ARGV[2])
        elseif not exists then
          return {-1, 0}
        end
        local ttl = ttl_for(key, now, tonumber(ARGV[3]), tonumber(ARGV[4]))
        if ttl <= 0 then
          redis.call('DEL', key)
          return {-1, 0}
        end
        local value = redis.call('HINCRBY', key, ARGV[5], ARGV[6])
        redis.call('PEXPIRE', key, ttl)
        return {1, value}
        """;

    // KEYS[1] old session, KEYS[2] new session. Returns 1 when moved, -1 when the old one is gone
    // (another request regenerated or deleted it first), -2 when the new id is taken.
    private const string RegenerateText = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
        redis.call('RENAME', KEYS[1], KEYS[2])
        return 1
        """;

    // KEYS[1] session. Returns the flash fields and values and deletes them, so each is read once.
    private const string TakeFlashesText = """
        local all = redis.call('HGETALL', KEYS[1])
        local taken = {}
        for i = 1, #all, 2 do
          if string.sub(all[i], 1, 7) == '~flash:' then
            taken[#taken + 1] = all[i]
            taken[#taken + 1] = all[i + 1]
            redis.call('HDEL', KEYS[1], all[i])
          end
        end
        return taken
        """;

    // KEYS[1] lock; ARGV owner token, hold ms. Returns {1, 0} when this owner holds the lock (also when a
    // retried attempt finds that its first try did take it), else {0, the holder's remaining ms}.
    private const string AcquireLockText = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] or not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return {1, 0}
        end
        return {0, redis.call('PTTL', KEYS[1])}
        """;

    // KEYS[1] lock; ARGV[1] owner token. Only the owner releases: a holder whose hold time ran out
    // must not delete the next holder's lock.
    private const string ReleaseLockText = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public static readonly SessionScript Load = new(LoadText);

    public static readonly SessionScript Commit = new(CommitText);

    public static readonly SessionScript Increment = new(IncrementText);

    public static readonly SessionScript Regenerate = new(RegenerateText);

    public static readonly SessionScript TakeFlashes = new(TakeFlashesText);

    public static readonly SessionScript AcquireLock = new(AcquireLockText);

    public static readonly SessionScript ReleaseLock = new(ReleaseLockText);

    public static readonly SessionScript[] All = [Load, Commit, Increment, Regenerate, TakeFlashes, AcquireLock, ReleaseLock];
}
