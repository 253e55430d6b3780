using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SessionSample.ApiService.Auth;

/// <summary>
/// Checks a user name and password against the configured demo users. This is the seam where ASP.NET
/// Core Identity plugs in: replace it with <c>SignInManager.CheckPasswordSignInAsync</c> over a real user store.
/// </summary>
public sealed class DemoUserStore(IOptionsMonitor<DemoUsersOptions> options, IPasswordHasher<DemoUser> hasher)
{
    // Verified when the user name is unknown, so a wrong name costs as long as a wrong password and
    // the response time does not tell which names exist.
    private static readonly DemoUser Nobody = new() { UserName = "", PasswordHash = new PasswordHasher<DemoUser>().HashPassword(new DemoUser(), Guid.NewGuid().ToString()) };

    public DemoUser? FindByCredentials(string userName, string password)
    {
        var user = options.CurrentValue.Users.FirstOrDefault(candidate =>
            string.Equals(candidate.UserName, userName, StringComparison.OrdinalIgnoreCase));

        var verdict = hasher.VerifyHashedPassword(user ?? Nobody, (user ?? Nobody).PasswordHash, password);
        return user is not null && verdict != PasswordVerificationResult.Failed ? user : null;
    }
}
