namespace RedisSessions.Hosting;

/// <summary>
/// The container engine: Aspire's own Redis resource (always used for publishing). Aspire starts the
/// image as <c>/bin/sh -c "redis-server --requirepass $REDIS_PASSWORD ..."</c>, so the role's settings
/// are appended to that one command string; separate arguments would go to the shell, not to Redis.
/// </summary>
internal static class RedisContainer
{
    public static IResourceBuilder<RedisResource> AddRedisContainer(
        this IDistributedApplicationBuilder builder, RedisRole role, IResourceBuilder<ParameterResource> password)
    {
        var redis = builder.AddRedis(role.Name, password: password);

        if (role.Persistent)
        {
            redis.WithDataVolume().WithPersistence();
        }

        var settings = new List<string> { "--maxmemory-policy", role.EvictionPolicy };
        if (role.MaxMemory is { } maxMemory)
        {
            settings.AddRange(["--maxmemory", maxMemory]);
        }

        settings.AddRange(role.Persistent
            ? ["--appendonly", "yes", "--appendfsync", "everysec"]
            : ["--save", "''", "--appendonly", "no"]);

        return redis.WithArgs(context =>
        {
            var command = context.Args.IndexOf("-c") + 1;
            if (command <= 0 || command >= context.Args.Count || context.Args[command] is not string redisCommand)
            {
                throw new InvalidOperationException("The Redis container command line is not the expected '/bin/sh -c \"redis-server ...\"'.");
            }

            context.Args[command] = redisCommand + " " + string.Join(' ', settings);
            return Task.CompletedTask;
        });
    }
}
