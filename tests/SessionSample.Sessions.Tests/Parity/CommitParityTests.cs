using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>When a session is written: explicit commits, the end-of-request commit, writes after the response started.</summary>
[Trait("Category", "Parity")]
public sealed class CommitParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    private const int Sessions = 300;
    private const int Parallelism = 4;

    public enum ExplicitCommit
    {
        /// <summary><c>CommitAsync()</c>, then the end-of-request commit.</summary>
        Completed,

        /// <summary><c>CommitAsync</c> with an already-canceled token (it throws), then the end-of-request commit.</summary>
        Canceled,
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn, ExplicitCommit.Completed)]
    [InlineData(SessionImplementation.BuiltIn, ExplicitCommit.Canceled)]
    [InlineData(SessionImplementation.Redis, ExplicitCommit.Completed)]
    [InlineData(SessionImplementation.Redis, ExplicitCommit.Canceled)]
    public async Task An_explicit_commit_before_the_end_of_request_commit_leaves_no_new_session_orphaned(SessionImplementation implementation, ExplicitCommit commit)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, async context =>
        {
            if (context.Request.Path == "/read")
            {
                await context.Response.WriteAsync(context.Session.GetString("value") ?? "-");
                return;
            }

            var value = context.Request.Query["value"].ToString();
            context.Session.SetString("value", value);
            if (commit == ExplicitCommit.Completed)
            {
                await context.Session.CommitAsync();
            }
            else
            {
                // Whether it throws is the next scenario's business; here only what ends up stored counts.
                try
                {
                    await context.Session.CommitAsync(new CancellationToken(canceled: true));
                }
                catch (OperationCanceledException)
                {
                }
            }

            await context.Response.WriteAsync(value);
        });

        var orphans = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Sessions), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            var value = $"v{i}";
            using var writer = host.NewClient();
            Assert.Equal(value, await host.GetStringAsync(writer, $"/write?value={value}"));
            if (writer.Cookie is null)
            {
                orphans.Add($"{value}: no cookie");
                return;
            }

            using var reader = host.NewClient(writer.Cookie);
            var read = await host.GetStringAsync(reader, "/read");
            if (read != value)
            {
                orphans.Add($"{value}: its cookie opens a session holding '{read}'");
            }
        });

        Assert.True(orphans.IsEmpty, $"{orphans.Count} of {Sessions} new sessions were orphaned, e.g. {string.Join("; ", orphans.Take(5))}");
    }

    // ASP.NET Core's SessionLogsCacheCommitCanceledException and RequestAbortedIgnored: a canceled explicit
    // commit throws, a canceled RequestAborted is not the commit's token, and the end-of-request commit saves.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn, false)]
    [InlineData(SessionImplementation.BuiltIn, true)]
    [InlineData(SessionImplementation.Redis, false)]
    [InlineData(SessionImplementation.Redis, true)]
    public async Task A_canceled_explicit_commit_or_request_aborted_token_does_not_stop_the_end_of_request_commit(SessionImplementation implementation, bool abortRequestToken)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, async context =>
        {
            if (context.Request.Path == "/read")
            {
                await context.Response.WriteAsync(context.Session.GetInt32("key")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
                return;
            }

            context.Session.SetInt32("key", 7);
            var canceled = new CancellationToken(canceled: true);
            if (abortRequestToken)
            {
                context.RequestAborted = canceled;
            }
            else
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => context.Session.CommitAsync(canceled));
            }
        }, options => options.Logs = logs);
        using var client = host.NewClient();

        await host.GetStringAsync(client, "/write");

        Assert.NotNull(client.Cookie);
        Assert.Equal("7", await host.GetStringAsync(client, "/read"));
        Assert.DoesNotContain(logs.SessionEntries(implementation), e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    // The built-in commits after the endpoint returns, whether or not the response has started: a change to an
    // existing session made after a flush is saved. Ours must save it too.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task A_change_to_an_existing_session_after_the_response_started_is_saved(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, LateWriter);
        using var client = host.NewClient();
        await host.GetStringAsync(client, "/seed");
        var cookie = client.Cookie;
        Assert.NotNull(cookie);

        Assert.Equal("started|set", await host.GetStringAsync(client, "/late"));

        Assert.Equal(cookie, client.Cookie);
        Assert.Equal("late", await host.GetStringAsync(client, "/read"));
    }

    // A new session needs its cookie, which cannot be sent once the headers are out: the built-in's Set throws
    // InvalidOperationException at the call (its SessionEstablisher), and ours must too rather than lose it.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Starting_a_new_session_after_the_response_started_throws_at_the_set(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, LateWriter);
        using var client = host.NewClient();

        using var response = await client.GetAsync("/late");

        host.AssertHandlerSucceeded();
        Assert.Equal("started|InvalidOperationException", await response.Content.ReadAsStringAsync());
        Assert.Null(SessionClient.SetCookieValue(response));
    }

    private static async Task LateWriter(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case "/seed":
                context.Session.SetString("seed", "1");
                return;
            case "/read":
                await context.Response.WriteAsync(context.Session.GetString("late") ?? "-");
                return;
        }

        await context.Response.WriteAsync("started|");
        await context.Response.Body.FlushAsync();
        string outcome;
        try
        {
            context.Session.SetString("late", "late");
            outcome = "set";
        }
        catch (InvalidOperationException exception)
        {
            outcome = exception.GetType().Name;
        }

        await context.Response.WriteAsync(outcome);
    }
}
