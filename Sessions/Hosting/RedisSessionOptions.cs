using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions;

/// <summary>Settings of the Redis session store, bound from the <c>Sessions</c> configuration section.</summary>
public sealed class RedisSessionOptions
{
    /// <summary>The configuration section <c>AddRedisSessions</c> binds these options from.</summary>
    public const string SectionName = "Sessions";

    /// <summary>
    /// Prefix of every session key. A session lives at <c>{KeyPrefix}{&lt;id&gt;}</c>: the braces make the
    /// id a hash tag, so everything of one session (data, lock) falls in one Redis Cluster slot.
    /// </summary>
    public string KeyPrefix { get; set; } = "SessionSample:session:";

    /// <summary>Sliding idle timeout: every load or write moves the expiry this far ahead.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(120);

    /// <summary>Hard cap on a session's life counted from its creation, however active it is; null for none.</summary>
    public TimeSpan? AbsoluteLifetime { get; set; }

    /// <summary>The session cookie's name, path, domain and flags.</summary>
    public RedisSessionCookieOptions Cookie { get; set; } = new();

    /// <summary>A value above this size is written but logged at Warning and counted.</summary>
    public int SoftValueBytes { get; set; } = 16 * 1024;

    /// <summary>A value above this size is refused with <see cref="SessionSizeLimitExceededException"/>.</summary>
    public int HardValueBytes { get; set; } = 256 * 1024;

    /// <summary>A session above this size (all keys and values) is written but logged at Warning and counted.</summary>
    public int SoftSessionBytes { get; set; } = 64 * 1024;

    /// <summary>A write that would take the session above this size is refused with <see cref="SessionSizeLimitExceededException"/>.</summary>
    public int HardSessionBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// What a request gets when Redis cannot be reached within <see cref="OperationBudget"/>. Only the synchronous
    /// ISession members (TryGetValue, Keys, Set... as TempData uses them) honour <see cref="SessionOutagePolicy.FailOpen"/>;
    /// every asynchronous call, the lock and every id change fail closed.
    /// </summary>
    public SessionOutagePolicy OutagePolicy { get; set; } = SessionOutagePolicy.FailClosed;

    /// <summary>
    /// The longest one session operation (load, commit, lock attempt...) may take, retries included (at least
    /// 10 ms). An attempt is retried only while Redis provably never received it, so no write runs twice.
    /// </summary>
    public TimeSpan OperationBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the circuit stays open, failing fast, after Redis kept failing (at least 0.5 s).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many live sessions one user may be signed in with (0: no limit). A sign-in beyond it does what
    /// <see cref="OnMaxSessions"/> says. Counted in the per-user index, atomically: concurrent sign-ins never exceed it.
    /// </summary>
    public int MaxSessionsPerUser { get; set; } = 10;

    /// <summary>What a sign-in beyond <see cref="MaxSessionsPerUser"/> does.</summary>
    public MaxSessionsPolicy OnMaxSessions { get; set; } = MaxSessionsPolicy.EndOldest;
}

/// <summary>What a sign-in beyond <see cref="RedisSessionOptions.MaxSessionsPerUser"/> does.</summary>
public enum MaxSessionsPolicy
{
    /// <summary>The user's least recently used session ends at once (and its sign-in with it); the new one goes in.</summary>
    EndOldest,

    /// <summary>The sign-in is refused with <see cref="TooManySessionsException"/> (409); nothing changes.</summary>
    RefuseNew,
}

/// <summary>The session cookie. It carries only the id, protected with the shared Data Protection key ring.</summary>
public sealed class RedisSessionCookieOptions
{
    /// <summary>The cookie's name; every app that shares the session must use the same one.</summary>
    public string Name { get; set; } = ".SessionSample.Session";

    /// <summary>The cookie's path; anything but "/" also turns off the <c>__Host-</c> prefix.</summary>
    public string Path { get; set; } = "/";

    /// <summary>The cookie's domain; null (the default) keeps it to the host that set it, and allows the <c>__Host-</c> prefix.</summary>
    public string? Domain { get; set; }

    /// <summary>The cookie's SameSite mode; Lax (the default) still sends it on top-level navigations from other sites.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>
    /// Null (the default) means <see cref="CookieSecurePolicy.Always"/> outside Development and
    /// <see cref="CookieSecurePolicy.SameAsRequest"/> in Development, where the app may run on plain HTTP.
    /// </summary>
    public CookieSecurePolicy? SecurePolicy { get; set; }

    /// <summary>
    /// Sends the cookie as <c>__Host-{Name}</c>, which browsers accept only from a secure origin, for Path=/ and
    /// without a Domain: no subdomain or plain-HTTP page can then plant or overwrite it. Null (the default) means
    /// on outside Development; it applies only where the cookie is always Secure, Path is "/" and Domain is unset.
    /// </summary>
    public bool? UseHostPrefix { get; set; }
}

/// <summary>What a request gets when the session store is down.</summary>
public enum SessionOutagePolicy
{
    /// <summary>The request fails fast with 503 (<see cref="SessionStoreUnavailableException"/>): nothing is silently lost.</summary>
    FailClosed,

    /// <summary>The request goes on with an empty session that is not saved; logged and counted.</summary>
    FailOpen,
}
