namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>The keys of what an app stored, by the store's own schema (<see cref="SessionSchema"/>), from a cookie or a user name.</summary>
public static class TestAppExtensions
{
    /// <summary>The raw session id inside a cookie (only tests need it: the app never shows it).</summary>
    public static string RawSessionId(this TestApp app, string cookie) => RawSessionIds.Of(app.Services, cookie);

    public static string SessionKey(this TestApp app, string cookie) => RawSessionIds.SessionKeyOf(app.Services, app.KeyPrefix, cookie);

    /// <summary>The key of the session lock behind <paramref name="cookie"/>, by the store's schema.</summary>
    public static string LockKey(this TestApp app, string cookie) =>
        new SessionSchema(app.KeyPrefix).LockKey(SessionIds.HandleOf(app.RawSessionId(cookie)))!;

    /// <summary>The key of <paramref name="userName"/>'s index of sessions, by the store's schema.</summary>
    public static string UserIndexKey(this TestApp app, string userName) =>
        new SessionSchema(app.KeyPrefix).UserKey(SessionSchema.UserHandleOf(userName))!;
}
