namespace SessionSample.Sessions.Users;

/// <summary>
/// "Firefox on Linux": enough for a user to recognise a device in a list, no more. The User-Agent header is the
/// client's to write, so the summary only ever names one of a few known words, never echoes the header.
/// </summary>
internal static class DeviceSummary
{
    // Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", Android says "Linux", iOS says "Mac OS X".
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"),
        ("Safari/", "Safari"), ("curl/", "curl"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
    ];

    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        var browser = Find(userAgent, Browsers);
        var system = Find(userAgent, Systems);
        return (browser, system) switch
        {
            (null, null) => "Unknown device",
            (_, null) => browser!,
            (null, _) => "Browser on " + system,
            _ => browser + " on " + system,
        };
    }

    private static string? Find(string userAgent, (string Token, string Name)[] known) =>
        known.FirstOrDefault(entry => userAgent.Contains(entry.Token, StringComparison.Ordinal)).Name;
}
