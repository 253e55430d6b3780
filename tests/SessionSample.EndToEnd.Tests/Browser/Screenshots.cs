using Microsoft.Playwright;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>
/// Screenshots of each page. They are always taken (into the test output); they are copied to
/// docs/screenshots only with <c>SESSIONSAMPLE_SCREENSHOTS=update</c>, so an ordinary test run leaves the
/// work tree clean and a solution made from the template gets no screenshot folder it did not ask for.
/// </summary>
internal static class Screenshots
{
    private static readonly bool Update =
        string.Equals(Environment.GetEnvironmentVariable("SESSIONSAMPLE_SCREENSHOTS"), "update", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string> DocsDirectory = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        // The folder of the solution file, whatever name the template gave it.
        while (root is not null && !root.EnumerateFiles("*.sln").Any())
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("No solution file above the test output."), "docs", "screenshots");
    });

    public static async Task SaveAsync(IPage page, string name)
    {
        var taken = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        await page.ScreenshotAsync(new() { Path = taken, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(taken).Length > 5_000, $"The screenshot {taken} is suspiciously small.");

        var committed = Path.Combine(DocsDirectory.Value, name + ".png");
        if (Update)
        {
            Directory.CreateDirectory(DocsDirectory.Value);
            File.Copy(taken, committed, overwrite: true);
        }
    }
}
