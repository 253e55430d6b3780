using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Benchmarks.Micro;

/// <summary>
/// A response feature that keeps OnStarting callbacks and runs them when told, as Kestrel does when the
/// response starts: the built-in session sets its cookie there. DefaultHttpContext's own feature drops them.
/// </summary>
internal sealed class RecordingResponseFeature : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];

    public override void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public async Task StartAsync()
    {
        // Registered last runs first, as in Kestrel.
        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            await _onStarting[i].Callback(_onStarting[i].State);
        }
    }
}
