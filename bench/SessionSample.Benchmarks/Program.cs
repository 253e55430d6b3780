using SessionSample.Benchmarks;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Running;

// One executable, three roles. The orchestrator re-launches itself for the other two, so every app
// and the fallback load driver run in processes of their own.
try
{
    var options = BenchOptions.Parse(args);
    return options.Role switch
    {
        BenchRole.Host => await BenchApp.RunAsync(options.Host!),
        BenchRole.Drive => await LoadDriver.RunAsync(options.Drive!),
        _ => await BenchRunner.RunAsync(options.Run!),
    };
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
