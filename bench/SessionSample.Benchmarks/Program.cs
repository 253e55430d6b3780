using SessionSample.Benchmarks;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Running;

// One executable, four roles. The orchestrator re-launches itself for the others, so every app, the
// delay proxy and the fallback load driver run in processes of their own (and their CPU time is theirs).
try
{
    var options = BenchOptions.Parse(args);
    return options.Role switch
    {
        BenchRole.Host => await BenchApp.RunAsync(options.Host!),
        BenchRole.Drive => await LoadDriver.RunAsync(options.Drive!),
        BenchRole.Proxy => await ProxyProcess.HostAsync(options.Proxy!),
        BenchRole.Reliability => await ReliabilityRun.RunAsync(options.Reliability!),
        _ => await BenchRunner.RunAsync(options.Run!),
    };
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
