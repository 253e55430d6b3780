using System.Text.Json;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// The operator's figures, from <see cref="SessionUsers.Create"/> over a plain connection (as the dashboard gets
/// them): a scan of every node, counts per user and the largest sessions, named by log hash only.
/// Runs on redis-server, Garnet and the cluster.
/// </summary>
public abstract class SessionStatisticsTests(IUsersFixture users)
{
    private SessionServerFixture Fixture => users.Sessions;

    [SkippableFact(typeof(MissingToolException))]
    public async Task Statistics_count_a_users_sessions_and_name_the_largest_by_hash_only()
    {
        var user = SignIns.NewUser("stats");
        var clients = new[] { await SignIns.SignInAsync(Fixture.App, user), await SignIns.SignInAsync(Fixture.SecondApp, user) };
        using var big = await SignIns.SignInAsync(Fixture.App, user);
        using (var write = await big.PostAsync("/big/report?bytes=200000"))
        {
            await SessionClient.EnsureSuccessAsync(write);
        }

        using var anonymous = Fixture.App.NewClient();
        await anonymous.PostJsonAsync<ValueView>("/write/a?value=1");
        var sessionUsers = SessionUsers.Create(Fixture.Admin, new RedisSessionOptions { KeyPrefix = Fixture.App.KeyPrefix });

        var stats = await sessionUsers.GetStatisticsAsync(top: 1000);

        Assert.Contains(new UserSessionCount(user, 3), stats.TopUsers);
        Assert.True(stats.SignedInUsers >= 1 && stats.SignedInSessions >= 3 && stats.LiveSessions > stats.SignedInSessions);
        var largest = stats.LargestSessions[0];
        Assert.Equal(user, largest.UserName);
        Assert.Equal(SessionIds.FromHandle(await SignIns.HandleAsync(big))!.Value.LogHash, largest.SessionIdHash);
        Assert.True(largest.Bytes > 200_000);
        Assert.Equal(stats.LargestSessions.OrderByDescending(size => size.Bytes), stats.LargestSessions);

        var text = JsonSerializer.Serialize(stats);
        foreach (var client in clients.Append(big).Append(anonymous))
        {
            Assert.DoesNotContain(Fixture.SessionKey(client.Cookie!)[(Fixture.App.KeyPrefix.Length + 1)..^1], text, StringComparison.Ordinal);
            Assert.DoesNotContain(RawSessionIds.Of(Fixture.App.Services, client.Cookie!), text, StringComparison.Ordinal);
        }

        Assert.Single((await sessionUsers.GetStatisticsAsync(top: 1)).LargestSessions);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Statistics_count_every_session_across_peek_batches_and_stop_when_cancelled()
    {
        // Right: the scan peeks in batches of 256; a store of more (here 300, under its own key prefix) counts each once,
        // on every node of a cluster. A cancelled request stops the scan instead of reading every key of the store.
        var keyPrefix = $"stats{Guid.NewGuid():N}:session:";
        await using var host = await Fixture.StartHostAsync(options => options.KeyPrefix = keyPrefix);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => host.WriteAsync(null, ("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var sessionUsers = SessionUsers.Create(Fixture.Admin, new RedisSessionOptions { KeyPrefix = keyPrefix });

        var stats = await sessionUsers.GetStatisticsAsync(top: 3);

        Assert.Equal(300, stats.LiveSessions);
        Assert.Equal(0, stats.SignedInSessions);
        Assert.Equal(3, stats.LargestSessions.Count);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sessionUsers.GetStatisticsAsync(cancellationToken: cancelled.Token));
    }
}

[Collection("redis-server users")]
public sealed class RedisSessionStatisticsTests(RedisUsersFixture fixture) : SessionStatisticsTests(fixture);

[Collection("Garnet users")]
public sealed class GarnetSessionStatisticsTests(GarnetUsersFixture fixture) : SessionStatisticsTests(fixture);

[Collection("cluster users")]
public sealed class ClusterSessionStatisticsTests(ClusterUsersFixture fixture) : SessionStatisticsTests(fixture);
