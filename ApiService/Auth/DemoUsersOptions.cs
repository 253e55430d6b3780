namespace SessionSample.ApiService.Auth;

/// <summary>The <c>DemoUsers</c> configuration section: Development defines alice, Production defines nobody.</summary>
public sealed class DemoUsersOptions
{
    public const string SectionName = "DemoUsers";

    public List<DemoUser> Users { get; set; } = [];
}
