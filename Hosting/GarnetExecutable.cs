using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedisSessions.Hosting;

/// <summary>
/// Runs Microsoft Garnet from the repository's local dotnet tool, so a machine with only the .NET SDK
/// runs the app. The settings, password included, go in a generated Garnet config file (0600, private
/// temp folder) passed with <c>--config-import-path</c>; the command line carries only paths and the port.
/// </summary>
/// <remarks>
/// Garnet has no Redis eviction policies. Sessions get a storage tier, so data that outgrows memory
/// spills to disk instead of being lost (the effect of <c>noeviction</c>, minus the write errors), plus
/// an AOF committed on every write and recovery at start. The cache gets a bounded in-memory log without
/// a storage tier: the oldest records fall off the log when it is full, and reads copy records to the
/// tail, which approximates <c>allkeys-lru</c>.
/// </remarks>
internal static class GarnetExecutable
{
    public static IResourceBuilder<LocalRedisResource> AddGarnet(
        this IDistributedApplicationBuilder builder, RedisRole role, ParameterResource password)
    {
        var directories = RedisDirectories.For(builder);
        var tool = GarnetTool.For(builder);
        var resource = new LocalRedisResource(role.Name, "dotnet", directories.WorkingDirectory(RedisEngine.Garnet, role), RedisEngine.Garnet, role, password);

        return builder.AddLocalRedis(resource)
            .WithArgs(async context =>
            {
                var entryPoint = await tool.EnsureRestoredAsync(context.Logger, context.CancellationToken);
                var secret = await password.GetValueAsync(context.CancellationToken)
                    ?? throw new InvalidOperationException($"The '{password.Name}' parameter has no value.");
                var configFile = directories.WritePrivateFile($"{role.Name}.garnet.conf",
                    Render(role, secret, directories.WorkingDirectory(RedisEngine.Garnet, role)));

                context.Args.Add(entryPoint);
                context.Args.Add("--config-import-path");
                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            });
    }

    /// <summary>The Garnet config (its own JSON format) for a role.</summary>
    public static string Render(RedisRole role, string password, string directory)
    {
        var conf = new JsonObject
        {
            ["Address"] = "127.0.0.1",
            ["AuthenticationMode"] = "Password",
            ["Password"] = password,
            // The session store runs Lua scripts.
            ["EnableLua"] = true,
            // The default (native) device needs libaio, which many machines lack.
            ["DeviceType"] = "RandomAccess",
            // Garnet's defaults (128 MB index, 16 GB log) suit a server, not a laptop running two of them.
            ["IndexMemorySize"] = "16m",
            ["QuietMode"] = true,
            // Without the metrics task Garnet's INFO stats stay at zero; the Keyspace command reads them.
            ["MetricsSamplingFrequency"] = 1,
        };

        if (role.Persistent)
        {
            conf["LogMemorySize"] = ToGarnetSize(role.MaxMemory ?? "512mb");
            conf["EnableStorageTier"] = true;
            conf["LogDir"] = Path.Combine(directory, "log");
            conf["CheckpointDir"] = directory;
            conf["EnableAOF"] = true;
            // Commit every write (Garnet's default) rather than every second like appendfsync everysec:
            // Garnet does not commit pending AOF records when it is stopped, so an interval would lose
            // the last writes at every AppHost stop, not only at a crash.
            conf["CommitFrequencyMs"] = 0;
            conf["Recover"] = true;
        }
        else
        {
            conf["LogMemorySize"] = ToGarnetSize(role.MaxMemory ?? RedisRole.DefaultCacheMaxMemory);
            conf["EnableStorageTier"] = false;
            conf["CopyReadsToTail"] = true;
            conf["EnableAOF"] = false;
        }

        return conf.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Redis writes sizes as <c>256mb</c>; Garnet wants <c>256m</c>.</summary>
    public static string ToGarnetSize(string redisSize)
    {
        var size = redisSize.Trim().ToLowerInvariant();
        if (size.Length > 2 && size.EndsWith('b') && char.IsAsciiLetter(size[^2]))
        {
            size = size[..^1];
        }

        var digits = size.TrimEnd('k', 'm', 'g', 't');
        return digits.Length > 0 && size.Length - digits.Length <= 1 && digits.All(char.IsAsciiDigit)
            ? size
            : throw new InvalidOperationException($"'{redisSize}' is not a memory size (use e.g. 256mb or 1gb).");
    }
}
