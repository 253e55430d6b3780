using Microsoft.Playwright;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>
/// Screenshots of each page for the README. They are always taken (into the test output); they replace
/// the committed ones under docs/screenshots only when missing or when
/// <c>SESSIONSAMPLE_SCREENSHOTS=update</c>, so an ordinary test run leaves the work tree clean.
/// </summary>
internal static class Screenshots
{
    private static readonly bool Update =
        string.Equals(Environment.GetEnvironmentVariable("SESSIONSAMPLE_SCREENSHOTS"), "update", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string> DocsDirectory = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SessionSample.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("SessionSample.sln not found above the test output."), "docs", "screenshots");
    });

    public static async Task SaveAsync(IPage page, string name)
    {
        var taken = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        await page.ScreenshotAsync(new() { Path = taken, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(taken).Length > 5_000, $"The screenshot {taken} is suspiciously small.");

        var committed = Path.Combine(DocsDirectory.Value, name + ".png");
        if (Update || !File.Exists(committed))
        {
            Directory.CreateDirectory(DocsDirectory.Value);
            File.Copy(taken, committed, overwrite: true);
        }
    }
}
