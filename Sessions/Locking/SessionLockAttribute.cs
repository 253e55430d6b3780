namespace SessionSample.Sessions.Locking;

/// <summary>Endpoint metadata asking the session lock module (<see cref="SessionLockHook"/>) to serialise requests of one session.</summary>
internal interface ISessionLockMetadata : ISessionModuleMetadata
{
    SessionModule ISessionModuleMetadata.Module => SessionModule.SessionLock;

    /// <summary>The longest the lock is held: a crashed holder blocks others no longer than this.</summary>
    TimeSpan Hold { get; }

    /// <summary>The longest a request waits for the lock before it gets 423.</summary>
    TimeSpan Wait { get; }
}

/// <summary>
/// Serialises requests of one session on a Razor Page, page model or MVC action (Laravel's
/// <c>block($lockSeconds, $waitSeconds)</c>). Minimal APIs use <c>.RequireSessionLock()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class SessionLockAttribute(int holdSeconds = SessionLockAttribute.DefaultHoldSeconds, int waitSeconds = SessionLockAttribute.DefaultWaitSeconds)
    : Attribute, ISessionLockMetadata
{
    /// <summary>The longest a holder keeps the lock unless the endpoint says otherwise.</summary>
    public const int DefaultHoldSeconds = 10;

    /// <summary>The longest a request waits for the lock unless the endpoint says otherwise.</summary>
    public const int DefaultWaitSeconds = 10;

    /// <summary>The longest the lock is held: a crashed holder blocks others no longer than this.</summary>
    public TimeSpan Hold { get; } = TimeSpan.FromSeconds(holdSeconds);

    /// <summary>The longest a request waits for the lock before it gets 423.</summary>
    public TimeSpan Wait { get; } = TimeSpan.FromSeconds(waitSeconds);
}

internal sealed class SessionLockMetadata(TimeSpan hold, TimeSpan wait) : ISessionLockMetadata
{
    public TimeSpan Hold { get; } = hold;

    public TimeSpan Wait { get; } = wait;
}
