using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>What a scenario may change on a <see cref="ParityHost"/>; each setting maps onto both implementations.</summary>
public sealed class ParityHostOptions
{
    /// <summary>Built-in <c>SessionOptions.IdleTimeout</c>; ours <c>RedisSessionOptions.IdleTimeout</c>.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Built-in <c>SessionOptions.IOTimeout</c>; ours <c>RedisSessionOptions.OperationBudget</c>.</summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>StackExchange.Redis sync and async timeout of both (ServiceDefaults' <c>Redis:OperationTimeoutMilliseconds</c>).</summary>
    public TimeSpan RedisOperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Ours only: the built-in always goes on with an empty session when its cache fails.</summary>
    public SessionOutagePolicy OutagePolicy { get; set; } = SessionOutagePolicy.FailClosed;

    public CookieSecurePolicy SecurePolicy { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>Also listen on HTTPS (a throw-away self-signed certificate) next to HTTP.</summary>
    public bool Https { get; set; }

    /// <summary>A middleware placed just before the session middleware (inside the exception handler).</summary>
    public Func<HttpContext, RequestDelegate, Task>? BeforeSession { get; set; }

    /// <summary>Extra services (MVC, Razor Pages) for hosts without a terminal handler.</summary>
    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>Endpoints to map (controllers, pages) for hosts without a terminal handler.</summary>
    public Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? Endpoints { get; set; }

    /// <summary>Receives every log record of the app, from Debug up.</summary>
    public CapturingLoggerProvider? Logs { get; set; }
}
