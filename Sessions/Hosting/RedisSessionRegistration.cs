using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SessionSample.Sessions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the Redis session store: one call on the builder (then one per module), one on the app.</summary>
public static class RedisSessionRegistration
{
    /// <summary>
    /// Adds the session store's core over the unkeyed <c>IConnectionMultiplexer</c> (the <c>sessions</c> Redis),
    /// bound from the <c>Sessions</c> configuration section, plus the exception handler that answers the store's
    /// exceptions as problem+json (<see cref="SessionFailure"/>) and the store's spans and metrics for OpenTelemetry.
    /// Invalid options fail at startup with the reason. Opt-in modules are added on the builder it returns; calling
    /// it again returns a builder over the same store (and applies <paramref name="configure"/> too).
    /// </summary>
    public static IRedisSessionsBuilder AddRedisSessions(this IHostApplicationBuilder builder, Action<RedisSessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(SessionStore)))
        {
            AddCore(services, builder.Configuration.GetSection(RedisSessionOptions.SectionName));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new RedisSessionsBuilder(services);
    }

    private static void AddCore(IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<RedisSessionOptions>()
            .Bind(section)
            .Validate(o => o.KeyPrefix.Length > 0 && !o.KeyPrefix.Contains('{') && !o.KeyPrefix.Contains('}'), "Sessions:KeyPrefix must be non-empty and must not contain braces (the id is the hash tag).")
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "Sessions:IdleTimeout must be positive.")
            .Validate(o => o.AbsoluteLifetime is null || o.AbsoluteLifetime > TimeSpan.Zero, "Sessions:AbsoluteLifetime must be positive when set.")
            .Validate(o => o.OperationBudget >= TimeSpan.FromMilliseconds(10) && o.OperationBudget <= TimeSpan.FromHours(1), "Sessions:OperationBudget must be from 10 ms to 1 hour.")
            .Validate(o => o.CircuitBreakDuration >= TimeSpan.FromSeconds(0.5) && o.CircuitBreakDuration <= TimeSpan.FromHours(1), "Sessions:CircuitBreakDuration must be from 0.5 s to 1 hour.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Cookie.Name), "Sessions:Cookie:Name must be set.")
            .Validate(o => o.SoftValueBytes <= o.HardValueBytes && o.SoftSessionBytes <= o.HardSessionBytes && o.HardValueBytes > 0 && o.HardSessionBytes > 0, "Sessions size limits: soft must not exceed hard, and hard must be positive.")
            .Validate(o => o.MaxSessionsPerUser >= 0, "Sessions:MaxSessionsPerUser must be 0 (no limit) or more.")
            .Validate(o => Enum.IsDefined(o.OnMaxSessions), "Sessions:OnMaxSessions must be EndOldest or RefuseNew.")
            .ValidateOnStart();
        services.AddDataProtection();
        services.AddProblemDetails();
        services.AddExceptionHandler<SessionExceptionHandler>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<SessionCookieCodec>();
        // The codec seam: the identity codec unless a module (AddValueEncryption) registered a value protector.
        services.TryAddSingleton(provider => new SessionValueCodec(provider.GetService<ISessionValueProtector>()));
        services.TryAddSingleton(provider => new SessionCookieSettings(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RedisSessionOptions>>(),
            provider.GetRequiredService<IHostEnvironment>()));
        services.TryAddSingleton<SessionActivity>();
        services.TryAddSingleton<SessionFactory>();
        SessionModules.Of(services);
        services.AddHostedService<SessionScriptPreloader>();

        // The store's spans and metrics reach whatever exporter the app configured (ServiceDefaults: OTLP to the dashboard).
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(SessionTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(SessionTelemetry.Name));
    }

    /// <summary>
    /// Gives every request its session (<c>HttpContext.Session</c> and <c>HttpContext.GetRedisSession()</c>).
    /// Place it after <c>UseRouting()</c> (so per-endpoint session locks are known) and before
    /// <c>UseAuthentication()</c>/<c>UseAntiforgery()</c>.
    /// </summary>
    public static IApplicationBuilder UseRedisSessions(this IApplicationBuilder app) =>
        app.UseMiddleware<RedisSessionMiddleware>();
}
