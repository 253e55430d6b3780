using CsCheck;
using Xunit.Abstractions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// Runs the generated batches through CsCheck. On a failure CsCheck shrinks to the smallest failing batch it met
/// and prints its seed; <c>SESSIONSAMPLE_BADINPUT_SEED=&lt;seed&gt;</c> then replays exactly that batch.
/// </summary>
internal static class BadInputSeed
{
    public const string Variable = "SESSIONSAMPLE_BADINPUT_SEED";

    public static async Task SampleAsync<T>(Gen<T> batches, Func<T, Task> check, ITestOutputHelper output, int iterations, Func<T, string> print)
    {
        var seed = Environment.GetEnvironmentVariable(Variable);
        output.WriteLine(seed is null
            ? $"Random seed; a failure prints the seed of the smallest failing batch, and {Variable}=<seed> replays it."
            : $"Replaying {Variable}={seed}.");

        // One batch at a time: the app shares two cores with the test, and each batch checks its own session only.
        await batches.SampleAsync(check, output.WriteLine, seed: seed, iter: seed is null ? iterations : 1, threads: 1, print: print);
    }
}
