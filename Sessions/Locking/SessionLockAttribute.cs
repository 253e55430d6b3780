namespace SessionSample.Sessions.Locking;

/// <summary>
/// Serialises requests of one session on a Razor Page, page model or MVC action (Laravel's
/// <c>block($lockSeconds, $waitSeconds)</c>). Minimal APIs use <c>.RequireSessionLock()</c>, which adds one to the
/// endpoint's metadata. It names the lock module, so an endpoint carrying it fails while that module is not added.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class SessionLockAttribute : Attribute, ISessionModuleMetadata
{
    /// <summary>The longest a holder keeps the lock unless the endpoint says otherwise.</summary>
    public const int DefaultHoldSeconds = 10;

    /// <summary>The longest a request waits for the lock unless the endpoint says otherwise.</summary>
    public const int DefaultWaitSeconds = 10;

    /// <summary>Holds the lock at most <paramref name="holdSeconds"/> and waits for it at most <paramref name="waitSeconds"/>.</summary>
    public SessionLockAttribute(int holdSeconds = DefaultHoldSeconds, int waitSeconds = DefaultWaitSeconds)
        : this(TimeSpan.FromSeconds(holdSeconds), TimeSpan.FromSeconds(waitSeconds))
    {
    }

    internal SessionLockAttribute(TimeSpan hold, TimeSpan wait)
    {
        Hold = hold;
        Wait = wait;
    }

    /// <summary>The longest the lock is held: a crashed holder blocks others no longer than this.</summary>
    public TimeSpan Hold { get; }

    /// <summary>The longest a request waits for the lock before it gets 423.</summary>
    public TimeSpan Wait { get; }

    SessionModule ISessionModuleMetadata.Module => SessionModule.SessionLock;
}
