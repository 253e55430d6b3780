namespace SessionSample.Sessions.Tests.Parity;

/// <summary>The two session implementations every parity scenario runs against.</summary>
public enum SessionImplementation
{
    /// <summary>ASP.NET Core's own: <c>AddSession</c> over <c>AddStackExchangeRedisCache</c>, the reference.</summary>
    BuiltIn,

    /// <summary>This repository's: <c>AddRedisSessions</c>/<c>UseRedisSessions</c>.</summary>
    Redis,
}
