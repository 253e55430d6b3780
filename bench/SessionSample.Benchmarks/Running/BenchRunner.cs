using System.Text.Json;
using System.Text.Json.Serialization;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Output;

namespace SessionSample.Benchmarks.Running;

/// <summary>The whole run: every series of the plan in turn (<see cref="BenchPlan"/>), then the reports and the published blocks.</summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(RunOptions options)
    {
        ILoadGenerator load = options.Load == LoadTool.Wrk ? new Wrk() : new LoadDriverProcess();
        var machine = MachineInfo.Collect();
        var plan = BenchPlan.From(options);
        Console.WriteLine($"SessionSample benchmarks: {string.Join(", ", options.Variants.Select(v => v.Title))}");
        Console.WriteLine($"{machine.Cores} cores ({machine.Cpu}), {machine.Memory}, {machine.DotNetRuntime}; load from {load.Description}");
        Console.WriteLine($"{plan.Count} series: {string.Join("; ", plan.Select(s => s.Title))}");

        var results = new BenchResults { Options = options, Machine = machine, LoadGenerator = load.Description };
        var cpu = CpuAccounting.Start();
        foreach (var series in plan)
        {
            results.Series.Add(await SeriesRunner.RunAsync(series, options, load));
        }

        results.Cpu = cpu?.Stop();
        await WriteAsync(results);
        return 0;
    }

    private static async Task WriteAsync(BenchResults results)
    {
        var directory = results.Options.ResultsDirectory;
        Directory.CreateDirectory(Path.Combine(directory, "raw"));
        var markdown = ResultsMarkdown.Write(results);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), markdown);
        foreach (var (file, svg) in ResultsCharts.Write(results))
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file), svg);
        }

        var raw = results.Series.SelectMany(s => s.Measurements.Select(m => new
        {
            Series = s.Series.Title,
            m.Scenario,
            m.Connections,
            Variant = m.Variant.Name,
            m.Round,
            m.Result,
            m.AppCpuMicros,
            m.RedisCpuMicros,
            m.ProxyCpuMicros,
            m.OthersCpuPercent,
        }));
        await File.WriteAllTextAsync(
            Path.Combine(directory, "raw", $"measurements-{results.Machine.Date:yyyyMMdd-HHmmss}.json"),
            JsonSerializer.Serialize(raw, s_indented));
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Wrote {Path.Combine(directory, "results.md")} and the charts");

        if (results.Options.PublishRoot is { } root)
        {
            foreach (var line in await PublishedBlocks.UpdateAsync(root, results))
            {
                Console.WriteLine(line);
            }
        }
    }

    // NaN stands for "not measured" (no proxy, no requests).
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
