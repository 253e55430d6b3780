using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions;

/// <summary>How every module's <c>Add…()</c> registers: the module is recorded as added with its scripts (so the core's entry points into it run and the preloader loads them), then its services.</summary>
internal static class SessionModuleRegistration
{
    public static IRedisSessionsBuilder AddModule(this IRedisSessionsBuilder builder, SessionModule module, Action<IServiceCollection> register, params StoreScript[] scripts)
    {
        RedisSessionsBuilder.Enable(builder, module, scripts);
        register(builder.Services);
        return builder;
    }

    /// <summary>A module's options, bound from <paramref name="section"/>, then set by the app's <paramref name="configure"/>.</summary>
    public static OptionsBuilder<TOptions> AddModuleOptions<TOptions>(this IServiceCollection services, string section, Action<TOptions>? configure)
        where TOptions : class
    {
        var options = services.AddOptions<TOptions>().BindConfiguration(section);
        return configure is null ? options : options.Configure(configure);
    }
}
