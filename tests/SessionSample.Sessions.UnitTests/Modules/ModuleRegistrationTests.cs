using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SessionSample.Sessions.UnitTests.Modules;

/// <summary>
/// Each opt-in feature is registered by its own call on the builder <c>AddRedisSessions()</c> returns: a module not
/// added registers nothing, and its use names the call to add.
/// </summary>
public sealed class ModuleRegistrationTests
{
    [Fact]
    public void The_core_alone_registers_no_module_service_and_the_identity_codec()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddRedisSessions();

        var modules = Modules(builder.Services);
        Assert.All(Enum.GetValues<SessionModule>(), module => Assert.False(modules.Has(module)));
        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(ISessionUsers));
        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(ISessionBinder));
        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(ISessionRequestHook));
        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(ISessionValueProtector));
        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(SessionSample.Sessions.Offload.SessionOffload));
        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(SignInThrottle));
    }

    [Fact]
    public void Each_module_call_adds_its_module_once_and_AddRedisSessions_again_keeps_the_one_store()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddRedisSessions().AddSignInBinding().AddValueEncryption().AddSessionLock().AddOffload().AddSignInThrottle().AddWriteThrough();
        builder.AddRedisSessions().AddSignInBinding().AddSessionLock().AddWriteThrough();

        var modules = Modules(builder.Services);
        Assert.All(Enum.GetValues<SessionModule>(), module => Assert.True(modules.Has(module)));
        Assert.Single(builder.Services, service => service.ServiceType == typeof(SessionStore));
        Assert.Single(builder.Services, service => service.ServiceType == typeof(ISessionUsers));
        Assert.Single(builder.Services, service => service.ServiceType == typeof(ISessionBinder));
        Assert.Single(builder.Services, service => service.ServiceType == typeof(ISessionRequestHook));
        Assert.Single(builder.Services, service => service.ServiceType == typeof(SessionModules));
        var scripts = modules.Scripts.Select(script => script.Name).ToList();
        Assert.Equal(scripts.Distinct(StringComparer.Ordinal), scripts);
        Assert.DoesNotContain(scripts, name => StoreScripts.All.Any(core => core.Name == name));
    }

    [Fact]
    public void The_core_alone_declares_no_module_script_and_each_module_declares_its_own()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddRedisSessions();
        Assert.Empty(Modules(builder.Services).Scripts);

        builder.AddRedisSessions().AddWriteThrough();
        Assert.Equal(["increment", "swap"], Modules(builder.Services).Scripts.Select(script => script.Name));
        Assert.Equal(["load", "commit", "end", "peek", "move"], StoreScripts.All.Select(script => script.Name));
    }

    [Fact]
    public void Offload_brings_the_write_through_module_it_writes_its_reference_with()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddRedisSessions().AddOffload();

        Assert.True(Modules(builder.Services).Has(SessionModule.WriteThrough));
    }

    [Theory]
    [InlineData(nameof(SessionModule.SignInBinding), "AddSignInBinding()")]
    [InlineData(nameof(SessionModule.ValueEncryption), "AddValueEncryption()")]
    [InlineData(nameof(SessionModule.SessionLock), "AddSessionLock()")]
    [InlineData(nameof(SessionModule.Offload), "AddOffload()")]
    [InlineData(nameof(SessionModule.SignInThrottle), "AddSignInThrottle()")]
    [InlineData(nameof(SessionModule.WriteThrough), "AddWriteThrough()")]
    public void Using_a_module_not_added_names_the_call_to_add(string module, string call)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new SessionModules().Require(Enum.Parse<SessionModule>(module)));

        Assert.Contains("AddRedisSessions()." + call, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_without_the_sign_in_binding_module_names_the_call_to_add()
    {
        // The guard runs before the session touches its store, cookie or activity: none is needed to reach it.
        var session = new RedisSession(null!, null!, null!, new SessionModules(), binder: null);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => session.SignInAsync("alice", userAgent: null));

        Assert.Contains("AddRedisSessions().AddSignInBinding()", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IncrementAsync")]
    [InlineData("SetNowAsync")]
    [InlineData("RemoveNowAsync")]
    [InlineData("AddFlashAsync")]
    [InlineData("TakeFlashesAsync")]
    public async Task A_write_through_or_flash_without_the_module_names_the_call_to_add(string call)
    {
        // The guard runs before the session touches its store, cookie or activity: none is needed to reach it.
        IRedisSession session = new RedisSession(null!, null!, null!, new SessionModules(), binder: null);
        Func<Task> use = call switch
        {
            "IncrementAsync" => () => session.IncrementAsync("n"),
            "SetNowAsync" => () => session.SetNowAsync("k", [1]),
            "RemoveNowAsync" => () => session.RemoveNowAsync("k"),
            "AddFlashAsync" => () => session.AddFlashAsync("hello"),
            _ => () => session.TakeFlashesAsync(),
        };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(use);

        Assert.Contains("AddRedisSessions().AddWriteThrough()", failure.Message, StringComparison.Ordinal);
    }

    private static SessionModules Modules(IServiceCollection services) =>
        Assert.IsType<SessionModules>(Assert.Single(services, service => service.ServiceType == typeof(SessionModules)).ImplementationInstance);
}
