using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace SessionSample.Telemetry.Tests;

/// <summary>
/// One of the real apps (<typeparamref name="TProgram"/>: its Program, appsettings files and ServiceDefaults) on
/// Kestrel at a free loopback port, in <paramref name="environment"/>, against <paramref name="redis"/>. The
/// in-memory exporter and a log processor stand in for the dashboard's OTLP endpoint: they receive exactly what
/// the app's OpenTelemetry providers export.
/// </summary>
internal sealed class InProcessApp<TProgram>(string environment, RedisServerProcess redis, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private readonly List<Activity> _spans = [];

    public LogCapture Logs { get; } = new();

    /// <summary>The spans exported so far.</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>
    /// Waits until the exported spans satisfy <paramref name="done"/>. The Redis instrumentation turns profiled
    /// commands into spans on its own thread every 10 s, so a command's span shows up that long after it ran.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> WaitForSpansAsync(Func<IReadOnlyList<Activity>, bool> done, string what)
    {
        var limit = TimeSpan.FromSeconds(45);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var spans = Spans;
            if (done(spans))
            {
                return spans;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"No {what} within {limit.TotalSeconds} s; exported: {string.Join(", ", spans.Select(s => s.DisplayName))}");
            }

            await Task.Delay(100);
        }
    }

    public InProcessApp<TProgram> Start()
    {
        UseKestrel();
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:sessions", redis.ConnectionString);
        builder.UseSetting("ConnectionStrings:cache", redis.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(Logs));
        });
    }
}
