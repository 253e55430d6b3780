using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Resilience;

/// <summary>
/// StackExchange.Redis cancels the commands it had queued on a connection it abandons (seen while a restarted Redis
/// answers LOADING to its handshake): the task ends canceled although nobody canceled it. That is an outage, so every
/// call through the store's one path to Redis (a script, or a plain command such as offload's GET or statistics' SCAN)
/// answers <see cref="SessionStoreUnavailableException"/> (503), never the bare cancellation (500). Found as one 500 in
/// 20,594 requests of OffloadCacheRestartTests.
/// </summary>
public sealed class ClientCanceledCommandTests
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task A_command_the_client_canceled_is_an_outage_and_a_cancel_by_the_caller_stays_a_cancel()
    {
        TestRedis.RequireRedisServer("the connection the calls go through");
        await using var redis = await RedisServerProcess.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var calls = new ResilientRedis("cache", connection, new RedisSessionOptions(), TimeProvider.System, NullLogger.Instance);

        // Sanity: the same path answers while nothing is canceled.
        var answered = await calls.RunAsync(SessionOperation.Fetch, null, static db => db.ExecuteAsync("PING"), connection.GetDatabase());
        Assert.Equal("PONG", answered.ToString());

        var canceledByClient = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() =>
            calls.RunAsync(SessionOperation.Fetch, null, static _ => Task.FromCanceled<RedisValue>(new CancellationToken(canceled: true)), 0));
        Assert.Contains("did not answer the fetch", canceledByClient.Message, StringComparison.Ordinal);

        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            calls.RunAsync(SessionOperation.Fetch, null, static db => db.StringGetAsync("k"), connection.GetDatabase(), caller.Token));
    }
}
