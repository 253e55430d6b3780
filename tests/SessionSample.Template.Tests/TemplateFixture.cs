namespace SessionSample.Template.Tests;

/// <summary>
/// Packs the template once, installs it into a private template hive (the user's templates stay
/// untouched) and creates two solutions from it that every test shares:
/// <list type="bullet">
/// <item><see cref="Customized"/>: <c>Contoso.Shop</c> with every option away from its default;</item>
/// <item><see cref="WithoutTests"/>: <c>Fabrikam.Tickets</c> with defaults and <c>--include-tests false</c>.</item>
/// </list>
/// Restores use the machine's NuGet packages folder, already warm from building this repository.
/// </summary>
public sealed class TemplateFixture : IAsyncLifetime
{
    public const string ShortName = "aspire-redis-session";
    public const string CustomIdleTimeoutMinutes = "30";
    public const string CustomKeyPrefix = "shop:sessions:";
    public const string CustomEngine = "garnet";

    public string WorkDirectory { get; } = System.IO.Directory.CreateTempSubdirectory("sessionsample-template-").FullName;

    public string PackagePath { get; private set; } = "";

    public string HivePath => Path.Combine(WorkDirectory, "hive");

    public GeneratedSolution Customized { get; private set; } = null!;

    public GeneratedSolution WithoutTests { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var packages = Path.Combine(WorkDirectory, "packages");
        (await Dotnet.RunYieldingAsync(Repository.Root, TimeSpan.FromMinutes(3),
            "pack", Path.Combine("templatepack", "SessionSample.Templates.csproj"), "-c", "Release", "-o", packages)).EnsureSuccess();
        PackagePath = System.IO.Directory.GetFiles(packages, "SessionSample.Templates.*.nupkg").Single();

        var hive = HivePath;
        (await Dotnet.RunAsync(WorkDirectory, TimeSpan.FromMinutes(2),
            "new", "install", PackagePath, "--debug:custom-hive", hive)).EnsureSuccess();

        Customized = await GeneratedSolution.CreateAsync(WorkDirectory, hive, "Contoso.Shop",
            "--idle-timeout", CustomIdleTimeoutMinutes, "--key-prefix", CustomKeyPrefix, "--engine", CustomEngine);
        WithoutTests = await GeneratedSolution.CreateAsync(WorkDirectory, hive, "Fabrikam.Tickets",
            "--include-tests", "false");

        // Builds dominate the suite; both start now and overlap their restore and I/O with each other
        // and with the tests that need no build. Tests await the same tasks.
        _ = Customized.BuildAsync();
        _ = WithoutTests.BuildAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var solution in new[] { Customized, WithoutTests })
        {
            if (solution is not null)
            {
                // Never delete a directory under a build that is still running.
                await solution.BuildAsync();
            }
        }

        System.IO.Directory.Delete(WorkDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<TemplateFixture>
{
    public const string Name = "template";
}
