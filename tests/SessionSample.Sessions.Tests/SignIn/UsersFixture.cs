using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using SessionSample.Sessions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// The session fixture with sign-in: every app has the shared cookie authentication (bound to the session, as
/// both product apps are) and <see cref="UserEndpoints"/>. App and SecondApp stand for the two apps (cap
/// <see cref="Cap"/>, EndOldest); <see cref="RefusingApp"/> refuses sign-ins past the cap. Every app records the
/// lifecycle events it raises. Each test signs in its own users, so the per-user caps never meet.
/// </summary>
public static class UsersFixture
{
    public const int Cap = 3;

    /// <summary>Every app of a users fixture: capped at <see cref="Cap"/> (EndOldest), with sign-in and the user endpoints.</summary>
    public static readonly AppSetup Setup = new(options => CapAt(options, MaxSessionsPolicy.EndOldest), ConfigureBuilder, ConfigureApp);

    public static Task<TestApp> StartRefusingAppAsync(SessionServerFixture fixture) =>
        fixture.StartExtraAppAsync("refusing", options => options.OnMaxSessions = MaxSessionsPolicy.RefuseNew);

    /// <summary>An app of its own with sign-in and the user endpoints whose session values are encrypted (<c>AddValueEncryption()</c>).</summary>
    public static Task<TestApp> StartEncryptedAsync(string connectionString, string? keyPrefix = null) =>
        TestApp.StartAsync(
            connectionString,
            keyPrefix: keyPrefix,
            configureBuilder: builder =>
            {
                builder.AddRedisSessions().AddValueEncryption();
                ConfigureBuilder(builder);
            },
            configureApp: ConfigureApp);

    public static void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.AddSharedCookieAuthentication(options => options.AnswerChallengesWithProblemDetails());
        builder.Services.AddSingleton<RecordedEvents>();
        builder.Services.AddSingleton<ISessionEvents>(provider => provider.GetRequiredService<RecordedEvents>());
    }

    public static void ConfigureApp(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapUserEndpoints();
    }

    public static void CapAt(RedisSessionOptions options, MaxSessionsPolicy policy)
    {
        options.MaxSessionsPerUser = Cap;
        options.OnMaxSessions = policy;
    }
}

/// <summary>What every users fixture has, whatever the engine.</summary>
public interface IUsersFixture
{
    SessionServerFixture Sessions { get; }

    /// <summary>Signs in past the cap are refused (409) here.</summary>
    TestApp RefusingApp { get; }
}

public sealed class RedisUsersFixture(IMessageSink diagnostics) : SingleServerFixture(diagnostics), IUsersFixture
{
    protected override RedisEngine? Engine => null;

    public SessionServerFixture Sessions => this;

    public TestApp RefusingApp { get; private set; } = null!;

    protected override AppSetup Setup => UsersFixture.Setup;

    protected override async Task StartedAsync()
    {
        await base.StartedAsync();
        RefusingApp = await UsersFixture.StartRefusingAppAsync(this);
    }
}

public sealed class GarnetUsersFixture(IMessageSink diagnostics) : SingleServerFixture(diagnostics), IUsersFixture
{
    protected override RedisEngine? Engine => RedisEngine.Garnet;

    public SessionServerFixture Sessions => this;

    public TestApp RefusingApp { get; private set; } = null!;

    protected override AppSetup Setup => UsersFixture.Setup;

    protected override async Task StartedAsync()
    {
        await base.StartedAsync();
        RefusingApp = await UsersFixture.StartRefusingAppAsync(this);
    }
}

public sealed class ClusterUsersFixture(IMessageSink diagnostics) : ClusterSessionServerFixture(diagnostics), IUsersFixture
{
    public SessionServerFixture Sessions => this;

    public TestApp RefusingApp { get; private set; } = null!;

    protected override AppSetup Setup => UsersFixture.Setup;

    protected override async Task StartedAsync()
    {
        await base.StartedAsync();
        RefusingApp = await UsersFixture.StartRefusingAppAsync(this);
    }
}
