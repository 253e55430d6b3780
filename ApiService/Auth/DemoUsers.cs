using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SessionSample.ApiService.Auth;

/// <summary>A user that exists only in configuration. The password is kept as a <see cref="PasswordHasher{TUser}"/> hash.</summary>
public sealed class DemoUser
{
    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}

/// <summary>The <c>DemoUsers</c> configuration section: Development defines alice, Production defines nobody.</summary>
public sealed class DemoUsersOptions
{
    public const string SectionName = "DemoUsers";

    public List<DemoUser> Users { get; set; } = [];
}

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
