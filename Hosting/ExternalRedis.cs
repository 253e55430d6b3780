using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>
/// "Your own Redis": with <c>Redis:Sessions:ConnectionString</c> (or <c>Redis:Cache:ConnectionString</c>) set,
/// that role is a connection string instead of a server the AppHost runs. Run locally, the apps get the value
/// and the AppHost starts nothing for it (the PING health check and the dashboard commands still apply);
/// published, the manifest declares a secret connection-string parameter instead of a container, which azd
/// asks for at deploy time. The value itself never goes into the manifest.
/// </summary>
internal static class ExternalRedis
{
    public const string SessionsKey = "Redis:Sessions:ConnectionString";
    public const string CacheKey = "Redis:Cache:ConnectionString";

    /// <summary>The configured connection string of an existing Redis, or null when the AppHost runs its own.</summary>
    public static string? ConnectionString(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static IResourceBuilder<IResourceWithConnectionString> Add(IDistributedApplicationBuilder builder, string name, string key, string connectionString)
    {
        // Published, only the setting's presence counts (azd asks for the value); run, the apps connect with it.
        if (!builder.ExecutionContext.IsPublishMode)
        {
            Runnable(key, connectionString);
        }

        // AddConnectionString reads ConnectionStrings:{name}; our setting is the one documented, so it wins.
        builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{name}", connectionString)]);
        var redis = builder.AddConnectionString(name);

        return builder.ExecutionContext.IsPublishMode
            ? redis
            : redis.WithRedisPingHealthCheck().WithRedisDashboardCommands();
    }

    /// <summary>
    /// <paramref name="connectionString"/> when StackExchange.Redis can connect with it; otherwise an error at the
    /// AppHost's start naming the setting, where the apps would each fail at theirs while the AppHost waits on a
    /// health check that cannot pass. The client's message names only the keyword, never a value (a password).
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection string is malformed or names no server.</exception>
    public static string Runnable(string key, string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{key} is not a StackExchange.Redis connection string: {exception.Message}");
        }

        return options.EndPoints.Count > 0
            ? connectionString
            : throw new InvalidOperationException($"{key} names no server (host:port).");
    }
}
