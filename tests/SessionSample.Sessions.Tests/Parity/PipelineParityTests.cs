using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>Where the session lives in the pipeline: what a middleware placed before it sees once it returns.</summary>
[Trait("Category", "Parity")]
public sealed class PipelineParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    // ASP.NET Core's SessionFeature_IsUnregistered_WhenResponseGoingOut(_AndAnUnhandledExcetionIsThrown):
    // once the session middleware has returned, its commit is done, so code further out must not be handed
    // a session whose writes would be silently lost.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn, false)]
    [InlineData(SessionImplementation.BuiltIn, true)]
    [InlineData(SessionImplementation.Redis, false)]
    [InlineData(SessionImplementation.Redis, true)]
    public async Task The_session_feature_is_removed_when_the_session_middleware_returns_even_after_an_exception(SessionImplementation implementation, bool endpointThrows)
    {
        var during = false;
        var after = true;
        Exception? caught = null;
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, context =>
        {
            during = context.Features.Get<ISessionFeature>() is not null;
            context.Session.SetString("key", "value");
            return endpointThrows ? throw new InvalidOperationException("An error occurred.") : Task.CompletedTask;
        }, options => options.BeforeSession = async (context, next) =>
        {
            if (context.Request.Path != "/probe")
            {
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (InvalidOperationException exception)
            {
                caught = exception;
            }

            after = context.Features.Get<ISessionFeature>() is not null;
        });
        using var client = host.NewClient();

        using var response = await client.GetAsync("/probe");

        Assert.True(during, "the endpoint had a session");
        Assert.Equal(endpointThrows, caught is not null);
        Assert.False(after, "ISessionFeature is still set on the HttpContext after the session middleware returned");
    }
}
