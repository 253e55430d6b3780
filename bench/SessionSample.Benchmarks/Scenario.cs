namespace SessionSample.Benchmarks;

/// <summary>A request shape measured under load: the same path in every app.</summary>
public sealed record Scenario(string Name, string Path, string Title)
{
    public static readonly Scenario Untouched = new("untouched", "/untouched", "Never touches the session");
    public static readonly Scenario Read = new("read", "/read", "Reads a 10-item cart");
    public static readonly Scenario WriteOne = new("write1", "/write1", "Writes one key");
    public static readonly Scenario WriteFive = new("write5", "/write5", "Writes five keys");

    public static readonly IReadOnlyList<Scenario> Measured = [Untouched, Read, WriteOne, WriteFive];
}
