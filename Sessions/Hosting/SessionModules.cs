using Microsoft.Extensions.DependencyInjection;

namespace SessionSample.Sessions;

/// <summary>The opt-in modules of the session store, each added by its own call on <see cref="IRedisSessionsBuilder"/>.</summary>
internal enum SessionModule
{
    SignInBinding,
    ValueEncryption,
    SessionLock,
    Offload,
    SignInThrottle,
    WriteThrough,
}

/// <summary>
/// Which modules the app added, and their scripts. Where the core still hands a request to a module's code (the lock an
/// endpoint asks for, a sign-in, a write-through), it asks here first, so a module that was not added never runs and its
/// use says which call is missing.
/// </summary>
internal sealed class SessionModules
{
    private readonly Dictionary<SessionModule, StoreScript[]> _added = [];

    public void Add(SessionModule module, StoreScript[] scripts) => _added[module] = scripts;

    public bool Has(SessionModule module) => _added.ContainsKey(module);

    /// <summary>The added modules' own scripts, which the preloader loads with the core's.</summary>
    public IEnumerable<StoreScript> Scripts => _added.Values.SelectMany(scripts => scripts);

    /// <exception cref="InvalidOperationException"><paramref name="module"/> was not added: the message names the call to add.</exception>
    public void Require(SessionModule module)
    {
        if (!Has(module))
        {
            throw NotAdded(module);
        }
    }

    public static InvalidOperationException NotAdded(SessionModule module) =>
        new($"The Redis session module {module} is used but was not added: call builder.AddRedisSessions().Add{module}() at startup.");

    /// <summary>The app's one set, registered with the core the first time it is asked for.</summary>
    public static SessionModules Of(IServiceCollection services)
    {
        if (services.FirstOrDefault(descriptor => descriptor.ServiceType == typeof(SessionModules))?.ImplementationInstance is SessionModules modules)
        {
            return modules;
        }

        var added = new SessionModules();
        services.AddSingleton(added);
        return added;
    }
}
