using System.Globalization;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>Flash messages: each its own field, named in time order, seen exactly once by either app.</summary>
internal sealed partial class RedisSession
{
    private static long s_flashSequence;

    public Task AddFlashAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = Encoding.UTF8.GetBytes(message);
        if (bytes.Length > Options.HardValueBytes)
        {
            // Over the limit before any encryption, so over it after too.
            throw HardLimit("flash", bytes.Length, Options.HardValueBytes);
        }

        // Each flash is its own field, named in time order, so two apps can add flashes at once.
        var sequence = Interlocked.Increment(ref s_flashSequence);
        var field = string.Create(
            CultureInfo.InvariantCulture,
            $"{SessionSchema.FlashPrefix}{_store.Time.GetUtcNow().ToUnixTimeMilliseconds():D13}-{sequence:D10}-{Random.Shared.Next():x8}");
        if (AllowBufferedChange(SessionOperation.Flash))
        {
            // Encrypted like every value when the store encrypts: a flash is what the app tells the user, as personal as the rest.
            var stored = SealBuffered(bytes);
            CheckSize(field, stored, "flash");
            Changes.Set(field, bytes, stored);
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<string>> TakeFlashesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ResolveOrThrowIfUnresolved();
        var taken = _changes?.TakeFlashes() ?? [];
        if (_lifecycle.State == SessionState.Gone)
        {
            // Ended or moved by another request: nothing is stored for this request to take.
            return taken.ConvertAll(static flash => flash.Value);
        }

        EnsureCanWriteThrough(SessionOperation.Flash);

        // A session this request loaded without flashes needs no round trip: any flash added since is for the next request.
        if (_lifecycle.State == SessionState.Unloaded || _snapshot is { HasFlashes: true } && _lifecycle.State == SessionState.Loaded)
        {
            await _writing.WaitAsync();
            try
            {
                var stored = await TakeStoredFlashesAsync();
                taken.AddRange(stored);
            }
            finally
            {
                _writing.Release();
            }
        }

        taken.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return taken.ConvertAll(static flash => flash.Value);
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> TakeStoredFlashesAsync()
    {
        FlashResult flashes;
        try
        {
            flashes = await _store.TakeFlashesAsync(_handle);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw FailClosed(SessionOperation.Flash, exception);
        }

        switch (flashes.Result)
        {
            case ScriptResult.Ok:
                _snapshot?.FlashesTaken(flashes.Bytes);
                _activity.Touched(_handle);
                return flashes.Flashes;
            case ScriptResult.Gone or ScriptResult.Moved:
                _lifecycle.FoundGone();
                _snapshot = SessionSnapshot.Empty();
                return [];
            default:
                StartNew();
                return [];
        }
    }
}
