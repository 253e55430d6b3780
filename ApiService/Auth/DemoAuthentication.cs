using Microsoft.AspNetCore.Identity;
using SessionSample.ApiService.Auth;

namespace Microsoft.Extensions.Hosting;

public static class DemoAuthentication
{
    /// <summary>Demo users from configuration plus the cookie authentication every app of the solution shares.</summary>
    public static TBuilder AddDemoAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<DemoUsersOptions>().BindConfiguration(DemoUsersOptions.SectionName);
        builder.Services.AddSingleton<IPasswordHasher<DemoUser>, PasswordHasher<DemoUser>>();
        builder.Services.AddSingleton<DemoUserStore>();

        builder.AddSharedCookieAuthentication(options => options.AnswerChallengesWithProblemDetails());

        return builder;
    }
}
