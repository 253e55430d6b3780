namespace SessionSample.Template.Tests;

/// <summary>
/// Packs the template once, installs it into a private template hive (the user's templates stay
/// untouched) and creates the solutions every test shares:
/// <list type="bullet">
/// <item>five names as people give them (<see cref="Named"/>): <c>-o my-shop</c> alone (the name is the
/// folder's), then <c>-n</c> <c>Contoso.Shop</c> (every option away from its default, the benchmarks too),
/// <c>shop2</c>, <c>MyCompany.Sessions.Demo</c> and <c>2fast</c> with the defaults;</item>
/// <item><see cref="AppOnly"/>: <c>--include-tests false</c>; <see cref="BenchWithoutTests"/>:
/// <c>--include-tests false --include-bench true</c>.</item>
/// </list>
/// The solutions are built one after another in the background (two cores: parallel builds only slow
/// each other down), in the order above, each as soon as it is created; tests await the build they need.
/// Restores use the machine's NuGet packages folder, already warm from building this repository, and
/// happen once, when <c>dotnet new</c> creates the solution; every compilation goes to one
/// <see cref="CompilerServer"/>.
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

    public GeneratedSolution MyShop { get; private set; } = null!;

    public GeneratedSolution Customized { get; private set; } = null!;

    public GeneratedSolution AppOnly { get; private set; } = null!;

    public GeneratedSolution BenchWithoutTests { get; private set; } = null!;

    public IReadOnlyList<GeneratedSolution> Named { get; private set; } = [];

    public IReadOnlyList<GeneratedSolution> All { get; private set; } = [];

    /// <summary>Completes when every solution's build has finished, passed or failed.</summary>
    public Task AllBuilt { get; private set; } = Task.CompletedTask;

    private Task _lastBuild = Task.CompletedTask;

    public GeneratedSolution Solution(string name) => All.Single(solution => solution.Name == name);

    public async Task InitializeAsync()
    {
        var packages = Path.Combine(WorkDirectory, "packages");
        (await Dotnet.RunYieldingAsync(Repository.Root, TimeSpan.FromMinutes(3),
            "pack", Path.Combine("templatepack", "SessionSample.Templates.csproj"), "-c", "Release", "-o", packages)).EnsureSuccess();
        PackagePath = System.IO.Directory.GetFiles(packages, "SessionSample.Templates.*.nupkg").Single();

        (await Dotnet.RunAsync(WorkDirectory, TimeSpan.FromMinutes(2),
            "new", "install", PackagePath, "--debug:custom-hive", HivePath)).EnsureSuccess();

        MyShop = await CreateAndQueueBuildAsync("my-shop", nameFromOutput: true);
        Customized = await CreateAndQueueBuildAsync("Contoso.Shop", nameFromOutput: false,
            "--idle-timeout", CustomIdleTimeoutMinutes, "--key-prefix", CustomKeyPrefix, "--engine", CustomEngine, "--include-bench", "true");
        var others = new List<GeneratedSolution>();
        foreach (var name in new[] { "shop2", "MyCompany.Sessions.Demo", "2fast" })
        {
            others.Add(await CreateAndQueueBuildAsync(name, nameFromOutput: false));
        }

        AppOnly = await CreateAndQueueBuildAsync("Fabrikam.Tickets", nameFromOutput: false, "--include-tests", "false");
        BenchWithoutTests = await CreateAndQueueBuildAsync("Northwind.Bench", nameFromOutput: false,
            "--include-tests", "false", "--include-bench", "true");

        Named = [MyShop, Customized, .. others];
        All = [.. Named, AppOnly, BenchWithoutTests];
        AllBuilt = Task.WhenAll(All.Select(solution => solution.BuildAsync()));
    }

    /// <summary>
    /// Creates a solution and queues its build behind the previous one's, so the first builds run while
    /// the next solutions are being created.
    /// </summary>
    private async Task<GeneratedSolution> CreateAndQueueBuildAsync(string name, bool nameFromOutput, params string[] options)
    {
        var solution = await GeneratedSolution.CreateAsync(WorkDirectory, HivePath, name, nameFromOutput, options);
        _lastBuild = solution.BuildAfter(_lastBuild);
        return solution;
    }

    public async Task DisposeAsync()
    {
        // Never delete a directory under a build that is still running (the builds run one after another).
        await Task.WhenAny(_lastBuild);
        await CompilerServer.ShutdownAsync();
        System.IO.Directory.Delete(WorkDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<TemplateFixture>
{
    public const string Name = "template";
}
