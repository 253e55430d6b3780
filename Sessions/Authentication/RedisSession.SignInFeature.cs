namespace SessionSample.Sessions;

/// <summary>The store's session is the request's <see cref="ISessionSignInFeature"/>; the middleware sets it.</summary>
internal sealed partial class RedisSession : ISessionSignInFeature
{
    string? ISessionSignInFeature.SignInId => SignInId;

    bool ISessionSignInFeature.FoundMoved => FoundMoved;
}
