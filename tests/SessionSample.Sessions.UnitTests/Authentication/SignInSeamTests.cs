using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SessionSample.Sessions.UnitTests.Authentication;

/// <summary>
/// The cookie helpers reach the store's session through the request feature the middleware sets, never by casting
/// <c>HttpContext.Session</c>: another <see cref="IRedisSession"/> there (a decorator, a test double) is no
/// InvalidCastException, and without the middleware the helpers say what is missing.
/// </summary>
public sealed class SignInSeamTests
{
    private const string Scheme = "Cookies";

    [Fact]
    public async Task Signing_in_with_another_IRedisSession_and_no_middleware_says_what_is_missing()
    {
        var (context, foreign) = WithForeignSession(new DefaultHttpContext());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => context.SignInWithRedisSessionAsync("alice", Scheme));

        Assert.Contains("UseRedisSessions", failure.Message, StringComparison.Ordinal);
        Assert.Empty(foreign.Calls);
    }

    [Fact]
    public async Task Validating_with_another_IRedisSession_and_no_middleware_says_what_is_missing()
    {
        var (context, foreign) = WithForeignSession(new DefaultHttpContext());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ValidateAsync(context, Principal("alice", "s1")));

        Assert.Contains("UseRedisSessions", failure.Message, StringComparison.Ordinal);
        Assert.Empty(foreign.Calls);
    }

    [Fact]
    public async Task Signing_in_binds_the_cookie_to_the_stores_session_whatever_HttpContext_Session_holds()
    {
        var authentication = new RecordingAuthentication();
        var (context, foreign) = WithForeignSession(new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IAuthenticationService>(authentication).BuildServiceProvider(),
        });
        var signIn = new FakeSignIn(userName: null, signInId: null);
        context.Features.Set<ISessionSignInFeature>(signIn);

        await context.SignInWithRedisSessionAsync("alice", Scheme);

        Assert.Equal("alice", signIn.UserName);
        var principal = Assert.IsType<ClaimsPrincipal>(authentication.SignedIn);
        Assert.Equal("alice", principal.Identity?.Name);
        Assert.Equal(signIn.SignInId, principal.FindFirst(RedisSessionAuthentication.SignInClaimType)?.Value);
        Assert.Empty(foreign.Calls);
    }

    [Fact]
    public async Task A_cookie_bound_to_the_stores_session_is_kept_whatever_HttpContext_Session_holds()
    {
        var (context, foreign) = WithForeignSession(new DefaultHttpContext());
        context.Features.Set<ISessionSignInFeature>(new FakeSignIn("alice", "s1"));

        var validated = await ValidateAsync(context, Principal("alice", "s1"));

        Assert.NotNull(validated.Principal);
        Assert.Empty(foreign.Calls);
    }

    [Fact]
    public async Task A_cookie_of_a_moved_session_is_rejected_but_not_deleted()
    {
        // No RequestServices: a sign-out (cookie deletion) would throw.
        var context = new DefaultHttpContext();
        context.Features.Set<ISessionSignInFeature>(new FakeSignIn(null, null, foundMoved: true));

        var validated = await ValidateAsync(context, Principal("alice", "s1"));

        Assert.Null(validated.Principal);
    }

    private static (DefaultHttpContext Context, InertSession Foreign) WithForeignSession(DefaultHttpContext context)
    {
        var foreign = DispatchProxy.Create<IRedisSession, InertSession>();
        context.Features.Set<ISessionFeature>(new SessionFeature { Session = foreign });
        return (context, (InertSession)(object)foreign);
    }

    private static ClaimsPrincipal Principal(string userName, string signInId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName), new Claim(RedisSessionAuthentication.SignInClaimType, signInId)], Scheme));

    private static async Task<CookieValidatePrincipalContext> ValidateAsync(HttpContext context, ClaimsPrincipal principal)
    {
        var options = new CookieAuthenticationOptions().BindToRedisSession();
        var validation = new CookieValidatePrincipalContext(
            context,
            new AuthenticationScheme(Scheme, null, typeof(CookieAuthenticationHandler)),
            options,
            new AuthenticationTicket(principal, Scheme));
        await options.Events.OnValidatePrincipal(validation);
        return validation;
    }

    /// <summary>Another <see cref="IRedisSession"/>, which does nothing and records what was called on it.</summary>
    public class InertSession : DispatchProxy
    {
        public List<string> Calls { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Calls.Add(targetMethod!.Name);
            var type = targetMethod.ReturnType;
            return type == typeof(Task) ? Task.CompletedTask : type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type) : null;
        }
    }

    private sealed class FakeSignIn(string? userName, string? signInId, bool foundMoved = false) : ISessionSignInFeature
    {
        public string? UserName { get; private set; } = userName;

        public string? SignInId { get; private set; } = signInId;

        public bool FoundMoved => foundMoved;

        public Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SignInAsync(string userName, string? userAgent, CancellationToken cancellationToken)
        {
            (UserName, SignInId) = (userName, "sign-in-id");
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingAuthentication : IAuthenticationService
    {
        public ClaimsPrincipal? SignedIn { get; private set; }

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
        {
            SignedIn = principal;
            return Task.CompletedTask;
        }

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => throw new NotSupportedException();

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
    }
}
