using Microsoft.Playwright;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>Saves the README's screenshots under docs/screenshots of the repository the tests run from.</summary>
internal static class Screenshots
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SessionSample.sln")))
        {
            root = root.Parent;
        }

        var directory = Path.Combine(root?.FullName ?? throw new InvalidOperationException("SessionSample.sln not found above the test output."), "docs", "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    });

    public static async Task SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory.Value, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 5_000, $"The screenshot {path} is suspiciously small.");
    }
}
