namespace SessionSample.Testing;

/// <summary>
/// A program a test needs is not on PATH. The test projects report a test that throws it as skipped, with
/// this message (<c>[SkippableFact(typeof(MissingToolException))]</c>), not as failed: where the program
/// is on PATH, as in CI, the same test runs. A program that is on PATH but does not run is a plain error.
/// </summary>
public sealed class MissingToolException(string message) : Exception(message);
