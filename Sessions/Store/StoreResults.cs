using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>What a load found: the data when <see cref="Result"/> is <see cref="ScriptResult.Ok"/>, and every stored field (the sign-in binding module reads its own).</summary>
internal readonly record struct LoadResult(ScriptResult Result, SessionSnapshot? Snapshot, DateTimeOffset? ExpiresAt, DateTimeOffset? LastAccessedAt, RedisResult[]? Fields);

/// <summary>What an end answered: on <see cref="ScriptResult.Ok"/>, the stored user field (empty: anonymous), which the sign-in binding module reads.</summary>
internal readonly record struct EndResult(ScriptResult Result, RedisValue User);

/// <summary>A regeneration's answer, and the fields the session had before it moved (null: not moved), where the module reads its binding.</summary>
internal readonly record struct MoveResult(WriteResult Write, RedisResult[]? Previous);

/// <summary>What a write answered: on <see cref="ScriptResult.Ok"/>, when the session now expires and its counted bytes.</summary>
internal readonly record struct WriteResult(ScriptResult Result, DateTimeOffset? ExpiresAt, long Bytes);

/// <summary>The flash messages taken from Redis, oldest first by field name.</summary>
internal readonly record struct FlashResult(ScriptResult Result, long Bytes, IReadOnlyList<KeyValuePair<string, string>> Flashes);
