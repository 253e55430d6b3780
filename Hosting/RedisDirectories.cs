using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RedisSessions.Hosting;

/// <summary>
/// Where the executable engines keep things. Data (sessions only) lives under a git-ignored folder that
/// outlives the AppHost; generated configuration files, which hold the password, live in a private
/// temporary folder (0700, files 0600) that the AppHost removes when it stops.
/// </summary>
internal sealed class RedisDirectories
{
    public const string DataDirectoryKey = "Redis:DataDirectory";

    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, RedisDirectories> s_directories = [];

    private readonly Lazy<string> _runDirectory = new(() =>
        Directory.CreateTempSubdirectory("redis-sessions-").FullName);

    /// <summary>The folders of this AppHost; the private run folder is removed when the AppHost stops.</summary>
    public static RedisDirectories For(IDistributedApplicationBuilder builder) =>
        s_directories.GetValue(builder, static builder =>
        {
            var directories = new RedisDirectories(builder);
            builder.Services.AddHostedService(_ => new RunDirectoryCleanup(directories));
            return directories;
        });

    private RedisDirectories(IDistributedApplicationBuilder builder)
    {
        DataRoot = Path.GetFullPath(builder.Configuration[DataDirectoryKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, ".redis-data"));
    }

    public string DataRoot { get; }

    /// <summary>Private per-run folder; created on first use.</summary>
    public string RunDirectory => _runDirectory.Value;

    /// <summary>One folder per engine and resource: redis-server and Garnet files are not interchangeable.</summary>
    public string DataDirectory(RedisEngine engine, RedisRole role) => Path.Combine(DataRoot, RedisEngineNames.Format(engine), role.Name);

    /// <summary>The working directory of a resource's process: its data folder if it persists, else the run folder.</summary>
    public string WorkingDirectory(RedisEngine engine, RedisRole role) =>
        CreatePrivate(role.Persistent ? DataDirectory(engine, role) : RunDirectory);

    /// <summary>
    /// The folder of the cluster made of <paramref name="role"/>'s nodes: apart from the standalone server's, so
    /// switching topology back and forth never mixes the two.
    /// </summary>
    public string ClusterDirectory(RedisRole role) => Path.Combine(DataRoot, RedisEngineNames.Format(RedisEngine.RedisServer), $"{role.Name}-cluster");

    /// <summary>One cluster node's data folder (its AOF and nodes.conf), created private.</summary>
    public string ClusterNodeDirectory(RedisRole role, string nodeName) => CreatePrivate(Path.Combine(ClusterDirectory(role), nodeName));

    private static string CreatePrivate(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // The AOF holds every session: only the owner may read it.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return directory;
    }

    /// <summary>Writes a file only the current user can read: it carries the password.</summary>
    public string WritePrivateFile(string fileName, string contents)
    {
        var path = Path.Combine(RunDirectory, fileName);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        return path;
    }

    private void DeleteRunDirectory()
    {
        if (_runDirectory.IsValueCreated && Directory.Exists(_runDirectory.Value))
        {
            Directory.Delete(_runDirectory.Value, recursive: true);
        }
    }

    private sealed class RunDirectoryCleanup(RedisDirectories directories) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            directories.DeleteRunDirectory();
            return Task.CompletedTask;
        }
    }
}
