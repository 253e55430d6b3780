using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>
/// Loads the Lua scripts (the core's and the added modules') at startup so a request sends EVALSHA alone; without it the first use of each
/// script on each connection costs an extra SCRIPT LOAD.
/// </summary>
internal sealed partial class SessionScriptPreloader(SessionStore store, SessionModules modules, ILogger<SessionScriptPreloader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.Calls.LoadScriptsAsync([.. StoreScripts.All, .. modules.Scripts], cancellationToken).WaitAsync(store.Options.OperationBudget * 2, cancellationToken);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Redis may come up after the app: the first use of each script loads it instead.
            LogPreloadFailed(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(33, LogLevel.Warning, "Could not preload the session scripts; they will be loaded on first use")]
    private static partial void LogPreloadFailed(ILogger logger, Exception exception);
}
