using Microsoft.AspNetCore.Identity;

namespace SessionSample.ApiService.Auth;

/// <summary>A user that exists only in configuration. The password is kept as a <see cref="PasswordHasher{TUser}"/> hash.</summary>
public sealed class DemoUser
{
    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
