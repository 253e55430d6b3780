namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>Where the browser tests look for Chromium, with real files in a temporary folder standing in for installs.</summary>
public sealed class ChromiumLocatorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sessionsample-chromium-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_environment_variable_wins_over_every_other_place()
    {
        var configured = Install("configured");

        var found = Locator(configured, Install("playwright"), [Install("system")]).Locate();

        Assert.Equal(configured, found);
    }

    [Fact]
    public void A_variable_that_names_no_file_is_an_error_not_a_fallback()
    {
        var missing = Path.Combine(_folder.FullName, "no-such-chromium");

        var error = Assert.Throws<InvalidOperationException>(() => Locator(missing, Install("playwright"), []).Locate());

        Assert.Contains($"{ChromiumLocator.Variable} is set to '{missing}', which does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Playwrights_own_chromium_comes_before_a_system_install()
    {
        var playwright = Install("playwright");

        Assert.Equal(playwright, Locator(null, playwright, [Install("system")]).Locate());
    }

    [Fact]
    public void System_installs_are_tried_in_order()
    {
        var second = Install("second");
        var third = Install("third");

        var found = Locator(null, Path.Combine(_folder.FullName, "no-playwright"), [Path.Combine(_folder.FullName, "first"), second, third]).Locate();

        Assert.Equal(second, found);
    }

    [Fact]
    public void When_nothing_is_found_the_message_lists_every_place_tried_and_how_to_provide_one()
    {
        var playwright = Path.Combine(_folder.FullName, "no-playwright");
        string[] system = [Path.Combine(_folder.FullName, "a"), Path.Combine(_folder.FullName, "b")];

        var error = Assert.Throws<InvalidOperationException>(() => Locator(null, playwright, system).Locate());

        Assert.Contains($"{ChromiumLocator.Variable}: not set", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Playwright's own Chromium: {playwright}", error.Message, StringComparison.Ordinal);
        Assert.All(system, path => Assert.Contains(path, error.Message, StringComparison.Ordinal));
        Assert.Contains("install chromium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_folder_on_the_path_comes_before_the_default_install_folders()
    {
        var onPath = _folder.CreateSubdirectory("bin").FullName;

        var paths = ChromiumLocator.SystemPaths(name => name == "PATH" ? onPath : null);

        var firstDefault = paths.ToList().FindIndex(path => !path.StartsWith(onPath, StringComparison.Ordinal));
        Assert.Equal(Path.Combine(onPath, OperatingSystem.IsWindows() ? "chromium.exe" : "chromium"), paths[0]);
        Assert.True(firstDefault > 0, string.Join('\n', paths));
        Assert.All(paths.Skip(firstDefault), path => Assert.False(path.StartsWith(onPath, StringComparison.Ordinal), path));
    }

    private static ChromiumLocator Locator(string? variable, string playwright, IReadOnlyList<string> system) =>
        new(name => name == ChromiumLocator.Variable ? variable : null, playwright, system);

    private string Install(string name)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, "");
        return path;
    }
}
