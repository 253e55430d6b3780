using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Micro;

/// <summary>
/// One request through the benchmark app's middleware pipeline, called directly (no Kestrel, no
/// sockets on the HTTP side) with a real redis-server behind it: each implementation's time per request
/// (mostly the Redis round trips) and its allocations, the no-session app and the one-round-trip ceiling
/// included as the floors.
/// </summary>
[MemoryDiagnoser]
public class SessionRequestBenchmarks
{
    private RedisServerProcess? _redis;
    private WebApplication? _app;
    private RequestDelegate? _pipeline;
    private string? _readCookie;
    private string? _writeCookie;

    public static IEnumerable<Variant> Implementations => Variant.All;

    [ParamsSource(nameof(Implementations))]
    public Variant Implementation { get; set; } = Variant.Store;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _redis = await RedisServerProcess.StartAsync(new RedisServerOptions { Engine = RedisEngine.RedisServer });
        _app = BenchApp.Build(new HostOptions(Implementation, _redis.ConnectionString, "http://127.0.0.1:0"));
        _app.UseEndpoints(_ => { });
        _pipeline = ((IApplicationBuilder)_app).Build();
        // Started for its hosted services (the scripts are loaded before the first request), not for Kestrel.
        await _app.StartAsync();
        _readCookie = Implementation.HasSessions ? await SeedAsync() : null;
        _writeCookie = Implementation.HasSessions ? await SeedAsync() : null;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Benchmark(Description = "never touches the session")]
    public Task<int> Untouched() => SendAsync(Scenario.Untouched.Path, _readCookie);

    [Benchmark(Description = "reads a 10-item cart")]
    public Task<int> ReadCart() => SendAsync(Scenario.Read.Path, _readCookie);

    [Benchmark(Description = "writes one key")]
    public Task<int> WriteOneKey() => SendAsync(Scenario.WriteOne.Path, _writeCookie);

    [Benchmark(Description = "writes five keys")]
    public Task<int> WriteFiveKeys() => SendAsync(Scenario.WriteFive.Path, _writeCookie);

    private async Task<string> SeedAsync()
    {
        var context = await RunAsync("/seed", cookie: null);
        var setCookie = context.Response.Headers.SetCookie.ToString();
        return setCookie.Length > 0
            ? setCookie.Split(';')[0]
            : throw new InvalidOperationException($"The {Implementation} app's /seed set no cookie.");
    }

    private async Task<int> SendAsync(string path, string? cookie)
    {
        var context = await RunAsync(path, cookie);
        return context.Response.StatusCode == StatusCodes.Status200OK
            ? context.Response.StatusCode
            : throw new InvalidOperationException($"GET {path} answered {context.Response.StatusCode}.");
    }

    private async Task<HttpContext> RunAsync(string path, string? cookie)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var response = new RecordingResponseFeature();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1");
        context.Request.Path = path;
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = cookie;
        }

        await _pipeline!(context);
        await response.StartAsync();
        return context;
    }
}
