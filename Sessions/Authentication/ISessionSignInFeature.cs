namespace SessionSample.Sessions;

/// <summary>
/// The request's sign-in, as <c>RedisSessionAuthentication</c> needs it: a request feature the session middleware
/// sets to the store's own session. The helpers read it here rather than cast <c>HttpContext.Session</c>, which
/// any code may replace with another <see cref="IRedisSession"/> (a decorator, a test double).
/// </summary>
internal interface ISessionSignInFeature
{
    /// <summary>The user the session is signed in as, or null.</summary>
    string? UserName { get; }

    /// <summary>The id of the sign-in the session is bound to (carried by the sign-in cookie), or null.</summary>
    string? SignInId { get; }

    /// <summary>The load found the session moved (or moving) to a new id by another request, rather than ended.</summary>
    bool FoundMoved { get; }

    Task LoadAsync(CancellationToken cancellationToken);

    Task SignInAsync(string userName, string? userAgent, CancellationToken cancellationToken);
}
