namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>
/// Finds the Chromium the browser tests drive, in this order: the file named by
/// <c>SESSIONSAMPLE_CHROMIUM</c> (when set, only it: a wrong value is an error, never a silent fallback);
/// the Chromium Playwright installed for itself (<c>playwright.ps1 install chromium</c>); then the usual
/// installs of Chromium, Chrome and Edge on Linux, macOS and Windows, the PATH first. When there is none,
/// the exception lists every place it looked and how to provide one.
/// </summary>
internal sealed class ChromiumLocator(Func<string, string?> environment, string playwrightChromium, IReadOnlyList<string> systemPaths)
{
    public const string Variable = "SESSIONSAMPLE_CHROMIUM";

    private static readonly string[] ExecutableNames =
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge"];

    /// <param name="playwrightChromium">Where Playwright keeps its own Chromium (<c>IBrowserType.ExecutablePath</c>).</param>
    public static ChromiumLocator ForThisMachine(string playwrightChromium) =>
        new(Environment.GetEnvironmentVariable, playwrightChromium, SystemPaths(Environment.GetEnvironmentVariable));

    public string Locate()
    {
        var configured = environment(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"{Variable} is set to '{configured}', which does not exist. Point it at a Chromium, Chrome or Edge executable, or unset it to let the browser tests look for one.");
        }

        if (File.Exists(playwrightChromium))
        {
            return playwrightChromium;
        }

        var found = systemPaths.FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        var tried = new[] { $"{Variable}: not set", $"Playwright's own Chromium: {playwrightChromium}" }.Concat(systemPaths);
        throw new InvalidOperationException(
            "The browser tests found no Chromium. They looked at:\n  " + string.Join("\n  ", tried) + "\n" +
            $"Install Chromium (Debian/Ubuntu: apt-get install chromium), or Playwright's own (pwsh {Path.Combine(AppContext.BaseDirectory, "playwright.ps1")} install chromium), " +
            $"or set {Variable} to a Chromium, Chrome or Edge executable.");
    }

    /// <summary>The usual install locations, in the order they are tried: PATH, then each OS's default folders.</summary>
    internal static IReadOnlyList<string> SystemPaths(Func<string, string?> environment)
    {
        var paths = new List<string>();
        var extension = OperatingSystem.IsWindows() ? ".exe" : "";
        foreach (var directory in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            paths.AddRange(ExecutableNames.Select(name => Path.Combine(directory, name + extension)));
        }

        if (OperatingSystem.IsMacOS())
        {
            paths.AddRange([
                "/Applications/Chromium.app/Contents/MacOS/Chromium",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
            ]);
        }
        else if (OperatingSystem.IsWindows())
        {
            foreach (var root in new[] { "ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA" }.Select(environment).OfType<string>())
            {
                paths.Add(Path.Combine(root, "Chromium", "Application", "chrome.exe"));
                paths.Add(Path.Combine(root, "Google", "Chrome", "Application", "chrome.exe"));
                paths.Add(Path.Combine(root, "Microsoft", "Edge", "Application", "msedge.exe"));
            }
        }
        else
        {
            paths.AddRange(["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium", "/usr/bin/google-chrome", "/opt/google/chrome/chrome", "/usr/bin/microsoft-edge"]);
        }

        return paths.Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).ToList();
    }
}
