using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The two Redis connections every app holds: <c>sessions</c> (the unkeyed multiplexer, because the
/// session store and Data Protection depend on it) and <c>cache</c> (keyed, for recomputable data).
/// </summary>
public static class RedisConnections
{
    public const string SessionsConnectionName = "sessions";
    public const string CacheConnectionName = "cache";

    public static TBuilder AddRedisConnections<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var clientOptions = builder.Configuration.GetSection(RedisClientOptions.SectionName).Get<RedisClientOptions>()
            ?? new RedisClientOptions();

        builder.AddRedisClient(SessionsConnectionName, configureOptions: clientOptions.ApplyTo);
        builder.AddKeyedRedisClient(CacheConnectionName, configureOptions: clientOptions.ApplyTo);
        if (!clientOptions.TraceCommandsWithoutParent)
        {
            // Only Redis spans nested under a request or a traced operation reach the dashboard: see RedisTraceFilter.
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new RedisTraceFilter()));
        }

        return builder;
    }
}

/// <summary>
/// Client settings bound from the <c>Redis</c> configuration section. The defaults are short on
/// purpose: a web request must fail fast and let the retry budget decide, not hang for a minute.
/// </summary>
public sealed class RedisClientOptions
{
    public const string SectionName = "Redis";

    public int ConnectTimeoutMilliseconds { get; set; } = 3_000;

    public int OperationTimeoutMilliseconds { get; set; } = 2_000;

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>
    /// Exports the spans of Redis commands no request or operation encloses (script preload, key ring, health
    /// checks) too, each as a trace of its own: for chasing background Redis traffic, off by default.
    /// </summary>
    public bool TraceCommandsWithoutParent { get; set; }

    public void ApplyTo(ConfigurationOptions options)
    {
        options.AbortOnConnectFail = false;
        // While disconnected, fail at once instead of queueing: a queued write could still be applied
        // after its request already answered 503. The session store's retry budget covers reconnects.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = ConnectTimeoutMilliseconds;
        options.SyncTimeout = OperationTimeoutMilliseconds;
        options.AsyncTimeout = OperationTimeoutMilliseconds;
        options.KeepAlive = KeepAliveSeconds;
    }
}
