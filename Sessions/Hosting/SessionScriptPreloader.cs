using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Loads the Lua scripts (the core's and the added modules') on every primary at startup so a request sends EVALSHA
/// alone; without it the first use of each script on each connection costs an extra SCRIPT LOAD.
/// </summary>
internal sealed partial class SessionScriptPreloader(SessionStore store, SessionModules modules, ILogger<SessionScriptPreloader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(store.Calls.Redis, [.. StoreScripts.All, .. modules.Scripts], cancellationToken).WaitAsync(store.Options.OperationBudget * 2, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis may come up after the app: the first use of each script loads it instead.
            LogPreloadFailed(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task LoadAsync(IConnectionMultiplexer redis, IReadOnlyList<StoreScript> scripts, CancellationToken cancellationToken)
    {
        foreach (var server in redis.GetServers().Where(server => !server.IsReplica))
        {
            foreach (var script in scripts)
            {
                await server.ScriptLoadAsync(script.Text).WaitAsync(cancellationToken);
            }
        }
    }

    [LoggerMessage(33, LogLevel.Warning, "Could not preload the session scripts; they will be loaded on first use")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);
}
