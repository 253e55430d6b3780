using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Commit;

/// <summary>
/// Concurrent writes under one cookie and a commit larger than one command keep exactly what was written. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class ConcurrentCommitTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Fifty_concurrent_requests_under_one_cookie_each_setting_a_different_key_keep_all_fifty()
    {
        using var client = await NewSessionAsync();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var concurrent = WithCookie(client.Cookie!);
            using var response = await concurrent.PostAsync($"/write/k{i}?value=v{i}");
            await SessionClient.EnsureSuccessAsync(response);
        }));

        var view = await client.GetJsonAsync<SessionView>("/read");
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"v{i}", view.Values.GetValueOrDefault($"k{i}"));
        }

        Assert.Equal(51, view.Values.Count);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_commit_setting_and_removing_more_fields_than_one_command_carries_keeps_exactly_the_result()
    {
        using var client = await NewSessionAsync();
        const int count = 1_234;

        using (var response = await client.PostAsync($"/many/old?count={count}"))
        {
            await SessionClient.EnsureSuccessAsync(response);
        }

        using (var response = await client.PostAsync($"/many/new?count={count}&removed=old&remove={count - 1}"))
        {
            await SessionClient.EnsureSuccessAsync(response);
        }

        var view = await client.GetJsonAsync<SessionView>("/read");
        Assert.Equal($"v{count - 1}", view.Values.GetValueOrDefault($"old{count - 1}"));
        Assert.DoesNotContain(view.Values.Keys, key => key.StartsWith("old", StringComparison.Ordinal) && key != $"old{count - 1}");
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal($"v{i}", view.Values.GetValueOrDefault($"new{i}")));
        // The seed key, the one old key kept and the new ones: nothing else, nothing lost.
        Assert.Equal(count + 2, view.Values.Count);
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisConcurrentCommitTests(RedisSessionServerFixture fixture) : ConcurrentCommitTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetConcurrentCommitTests(GarnetSessionServerFixture fixture) : ConcurrentCommitTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterConcurrentCommitTests(ClusterSessionServerFixture fixture) : ConcurrentCommitTests(fixture);
