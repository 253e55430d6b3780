using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedisSessions.Hosting;

/// <summary>
/// Picks one engine per run for both Redis resources. Publishing always describes containers;
/// running locally prefers a container runtime that answers, then redis-server, then Garnet, so the
/// app starts on a machine that has nothing but the .NET SDK.
/// </summary>
internal static class RedisEngineSelector
{
    /// <summary>Configuration key (and environment variable) that forces an engine.</summary>
    public const string ConfigurationKey = "RedisEngine";

    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, RedisEngineChoice> s_choices = [];

    public static RedisEngineChoice Select(
        string? configuredEngine,
        bool isPublishMode,
        string? pathVariable,
        Func<string?> findHealthyContainerRuntime)
    {
        var forced = RedisEngineNames.Parse(configuredEngine);

        if (isPublishMode)
        {
            return new(RedisEngine.Container, "publish mode: deployments run the Redis container image");
        }

        var redisServer = ExecutableLocator.Find("redis-server", pathVariable);

        switch (forced)
        {
            case RedisEngine.Container:
                return new(RedisEngine.Container, $"forced by {ConfigurationKey}={RedisEngineNames.Container}");
            case RedisEngine.RedisServer when redisServer is null:
                throw new DistributedApplicationException(
                    $"{ConfigurationKey}={RedisEngineNames.RedisServer} but no redis-server is on PATH. " +
                    $"Install it (e.g. 'sudo apt-get install redis-server') or use {ConfigurationKey}={RedisEngineNames.Garnet}.");
            case RedisEngine.RedisServer:
                return new(RedisEngine.RedisServer, $"forced by {ConfigurationKey}={RedisEngineNames.RedisServer} ({redisServer})", redisServer);
            case RedisEngine.Garnet:
                return new(RedisEngine.Garnet, $"forced by {ConfigurationKey}={RedisEngineNames.Garnet}");
        }

        if (findHealthyContainerRuntime() is { } runtime)
        {
            return new(RedisEngine.Container, $"the container runtime '{runtime}' answers");
        }

        return redisServer is not null
            ? new(RedisEngine.RedisServer, $"no container runtime answers; redis-server found at {redisServer}", redisServer)
            : new(RedisEngine.Garnet, "no container runtime answers and no redis-server on PATH; Garnet needs only the .NET SDK");
    }

    /// <summary>The choice for this AppHost, made once and logged once when the app starts.</summary>
    public static RedisEngineChoice For(IDistributedApplicationBuilder builder) =>
        s_choices.GetValue(builder, static builder =>
        {
            var configuration = builder.Configuration;
            var path = Environment.GetEnvironmentVariable("PATH");
            var choice = Select(
                configuration[ConfigurationKey],
                builder.ExecutionContext.IsPublishMode,
                path,
                () => ContainerRuntimeProbe.FindHealthyRuntime(
                    configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"], path));

            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                @event.Services.GetRequiredService<ILoggerFactory>()
                    .CreateLogger(typeof(RedisEngineSelector).FullName!)
                    .LogInformation("Redis engine: {Engine} ({Reason}). Override with {Key}=auto|container|redis-server|garnet.",
                        choice.EngineName, choice.Reason, ConfigurationKey);
                return Task.CompletedTask;
            });

            return choice;
        });
}
