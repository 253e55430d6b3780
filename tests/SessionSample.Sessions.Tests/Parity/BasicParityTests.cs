using System.Globalization;
using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>
/// The plain scenarios of ASP.NET Core's SessionTests (cookie creation, next request, remove, clear, key
/// case, Session.Id), each run against the built-in session and ours.
/// </summary>
[Trait("Category", "Parity")]
public sealed class BasicParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Reading_an_empty_session_sets_no_cookie(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, context =>
        {
            Assert.Null(context.Session.GetString("NotFound"));
            return Task.CompletedTask;
        });
        using var client = host.NewClient();

        using var response = await client.GetAsync("/");

        host.AssertHandlerSucceeded();
        Assert.True(response.IsSuccessStatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Setting_a_value_sets_exactly_one_session_cookie(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, context =>
        {
            Assert.Null(context.Session.GetString("Key"));
            context.Session.SetString("Key", "Value");
            Assert.Equal("Value", context.Session.GetString("Key"));
            return Task.CompletedTask;
        });
        using var client = host.NewClient();

        using var response = await client.GetAsync("/");

        host.AssertHandlerSucceeded();
        Assert.True(response.IsSuccessStatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionClient.SessionCookieName + "=", cookie, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(client.Cookie));
        Assert.True(await host.SessionExistsAsync(client.Cookie!));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task A_value_set_on_one_request_is_there_on_the_next(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, context =>
        {
            var value = context.Session.GetInt32("Key");
            if (context.Request.Path == "/first")
            {
                Assert.Null(value);
                value = 0;
            }

            Assert.NotNull(value);
            context.Session.SetInt32("Key", value.Value + 1);
            return context.Response.WriteAsync(value.Value.ToString(CultureInfo.InvariantCulture));
        });
        using var client = host.NewClient();

        Assert.Equal("0", await host.GetStringAsync(client, "/first"));
        Assert.Equal("1", await host.GetStringAsync(client, "/"));
        Assert.Equal("2", await host.GetStringAsync(client, "/"));
        Assert.Equal("3", await host.GetStringAsync(client, "/"));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn, false)]
    [InlineData(SessionImplementation.BuiltIn, true)]
    [InlineData(SessionImplementation.Redis, false)]
    [InlineData(SessionImplementation.Redis, true)]
    public async Task A_removed_or_cleared_value_is_gone_on_the_next_request(SessionImplementation implementation, bool clear)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, context =>
        {
            var value = context.Session.GetInt32("Key");
            switch (context.Request.Path.Value)
            {
                case "/first":
                    Assert.Null(value);
                    value = 0;
                    context.Session.SetInt32("Key", 1);
                    break;
                case "/second":
                    Assert.Equal(1, value);
                    if (clear)
                    {
                        context.Session.Clear();
                    }
                    else
                    {
                        context.Session.Remove("Key");
                    }

                    break;
                default:
                    Assert.Null(value);
                    value = 2;
                    break;
            }

            return context.Response.WriteAsync(value!.Value.ToString(CultureInfo.InvariantCulture));
        });
        using var client = host.NewClient();

        Assert.Equal("0", await host.GetStringAsync(client, "/first"));
        Assert.Equal("1", await host.GetStringAsync(client, "/second"));
        Assert.Equal("2", await host.GetStringAsync(client, "/third"));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Session_keys_are_case_sensitive_within_a_request_and_on_the_next(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, async context =>
        {
            if (context.Request.Path == "/write")
            {
                context.Session.SetString("KEY", "VALUE");
                context.Session.SetString("key", "value");
            }

            await context.Response.WriteAsync($"{context.Session.GetString("KEY")}|{context.Session.GetString("key")}|{context.Session.GetString("Key") ?? "-"}");
        });
        using var client = host.NewClient();

        Assert.Equal("VALUE|value|-", await host.GetStringAsync(client, "/write"));
        Assert.Equal("VALUE|value|-", await host.GetStringAsync(client, "/read"));
    }

    // Session.Id names the session in the app's own logs. The built-in's is a GUID of its own, kept in the
    // stored data; ours is SHA-256 of the id (256 bits, so sessions never share one), never the id, which is
    // the bearer credential. On both it is stable for a session and differs between sessions.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Session_id_is_stable_for_a_session_differs_between_sessions_and_is_never_the_raw_id(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, async context =>
        {
            if (context.Request.Path == "/write")
            {
                context.Session.SetString("Key", "Value");
            }

            await context.Session.LoadAsync();
            await context.Response.WriteAsync(context.Session.Id);
        });
        using var first = host.NewClient();
        using var second = host.NewClient();

        var written = await host.GetStringAsync(first, "/write");
        var read = await host.GetStringAsync(first, "/read");
        var other = await host.GetStringAsync(second, "/write");

        Assert.Equal(written, read);
        Assert.NotEqual(written, other);
        Assert.DoesNotContain(written, Uri.UnescapeDataString(first.Cookie!), StringComparison.Ordinal);
        if (implementation == SessionImplementation.BuiltIn)
        {
            Assert.True(Guid.TryParse(written, out _), $"'{written}' is not a GUID");
        }
        else
        {
            Assert.Matches("^[A-Za-z0-9_-]{43}$", written);
            Assert.NotEqual(host.RawSessionId(first.Cookie!), written);
        }
    }
}
