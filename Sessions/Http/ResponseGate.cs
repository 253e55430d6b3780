using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions;

/// <summary>
/// The response body feature while the session middleware runs, with a start callback in the style of
/// OutputCaching's <c>OutputCacheStream</c>: the session is committed when the response is about to start, after
/// everything that still changes the session then, before any byte reaches the server. OnStarting callbacks
/// registered downstream (MVC saves TempData in one) are kept and run first, in the server's order; body bytes
/// written before the start wait in <see cref="GatedBodyWriter"/>, so a failed commit sends nothing and is thrown
/// to the writer's caller, where the exception handler turns it into one clean response (thrown from the server's
/// own OnStarting it would be a bare 500). The start runs at the first write or flush (stream or pipe),
/// StartAsync, SendFileAsync, CompleteAsync, an upgrade (its 101, or over HTTP/2 the 200 to an extended CONNECT),
/// or when the middleware finishes.
/// </summary>
internal sealed class ResponseGate(HttpContext context, RedisSession session)
    : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    private readonly IHttpResponseFeature _response = context.Features.GetRequiredFeature<IHttpResponseFeature>();
    private readonly IHttpResponseBodyFeature _body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
    private readonly IHttpUpgradeFeature? _upgrade = context.Features.Get<IHttpUpgradeFeature>();
    private readonly IHttpExtendedConnectFeature? _extendedConnect = context.Features.Get<IHttpExtendedConnectFeature>();
    private List<(Func<object, Task> Callback, object State)>? _kept;
    private GatedBodyWriter? _writer;
    private GatedBodyStream? _stream;
    private Task? _starting;

    private GatePhase Phase { get; set; }

    public static ResponseGate Install(HttpContext context, RedisSession session)
    {
        var gate = new ResponseGate(context, session);
        context.Features.Set<IHttpResponseFeature>(gate);
        context.Features.Set<IHttpResponseBodyFeature>(gate);
        if (gate._upgrade is { IsUpgradableRequest: true })
        {
            context.Features.Set<IHttpUpgradeFeature>(gate);
        }

        if (gate._extendedConnect is { IsExtendedConnect: true })
        {
            context.Features.Set<IHttpExtendedConnectFeature>(gate);
        }

        return gate;
    }

    /// <summary>Puts the server's features back (the middleware is leaving).</summary>
    public void Uninstall()
    {
        context.Features.Set(_response);
        context.Features.Set(_body);
        context.Features.Set(_upgrade);
        context.Features.Set(_extendedConnect);
    }

    /// <summary>The request failed: the buffered body is dropped; kept callbacks go back to the server, for the error response.</summary>
    public void Abandon()
    {
        _writer?.Drop();
        if (Phase == GatePhase.Closed && !_response.HasStarted)
        {
            foreach (var (callback, state) in _kept ?? [])
            {
                _response.OnStarting(callback, state);
            }
        }

        _kept = null;
        _starting ??= Task.CompletedTask;
        Phase = GatePhase.Abandoned;
    }

    /// <summary>
    /// Whether bytes go straight to the server: after the start, or once the request failed. Never before, even
    /// with nothing to commit yet: the app may still change the session, and that commit may fail.
    /// </summary>
    internal bool IsOpen => Phase is GatePhase.Open or GatePhase.Abandoned;

    private async Task StartCoreAsync()
    {
        // The server runs OnStarting callbacks last-registered first, including those registered meanwhile; so do we.
        while (_kept is { Count: > 0 } kept)
        {
            var (callback, state) = kept[^1];
            kept.RemoveAt(kept.Count - 1);
            await callback(state);
        }

        _kept = null;
        Phase = GatePhase.Committing;
        if (!session.TryMarkResponseStartedWithoutCommit())
        {
            await session.CommitAtResponseStartAsync();
        }

        Phase = GatePhase.Open;
    }

    /// <summary>The start callback, run once (the kept OnStarting callbacks, then the session commit); then the pipe's buffered bytes go to the server.</summary>
    internal async Task StartAndDrainAsync()
    {
        if (Phase != GatePhase.Open)
        {
            await (_starting ??= StartCoreAsync());
        }

        _writer?.Drain();
    }

    // IHttpResponseFeature: everything goes to the server, but OnStarting callbacks registered before the start.
    public int StatusCode { get => _response.StatusCode; set => _response.StatusCode = value; }

    public string? ReasonPhrase { get => _response.ReasonPhrase; set => _response.ReasonPhrase = value; }

    public IHeaderDictionary Headers { get => _response.Headers; set => _response.Headers = value; }

    [Obsolete("Use IHttpResponseBodyFeature.Stream instead.", error: false)]
    public Stream Body { get => Stream; set => throw new NotSupportedException("Replace the IHttpResponseBodyFeature instead."); }

    public bool HasStarted => _response.HasStarted;

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (Phase == GatePhase.Closed)
        {
            (_kept ??= []).Add((callback, state));
        }
        else
        {
            _response.OnStarting(callback, state);
        }
    }

    public void OnCompleted(Func<object, Task> callback, object state) => _response.OnCompleted(callback, state);

    // IHttpResponseBodyFeature: the gated stream and pipe, and every other way to start the response.
    public Stream Stream => _stream ??= new GatedBodyStream(this, _body.Stream, context);

    public PipeWriter Writer => _writer ??= new GatedBodyWriter(this, _body.Writer);

    public void DisableBuffering() => _body.DisableBuffering();

    async Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken)
    {
        await StartAndDrainAsync();
        await _body.StartAsync(cancellationToken);
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await StartAndDrainAsync();
        await _body.SendFileAsync(path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await StartAndDrainAsync();
        await _body.CompleteAsync();
    }

    // Upgrades send their 101 (or 200) without a body write: they start the response like everything else.
    public bool IsUpgradableRequest => _upgrade?.IsUpgradableRequest ?? false;

    public async Task<Stream> UpgradeAsync()
    {
        await StartAndDrainAsync();
        return await _upgrade!.UpgradeAsync();
    }

    public bool IsExtendedConnect => _extendedConnect?.IsExtendedConnect ?? false;

    public string? Protocol => _extendedConnect?.Protocol;

    public async ValueTask<Stream> AcceptAsync()
    {
        await StartAndDrainAsync();
        return await _extendedConnect!.AcceptAsync();
    }
}

/// <summary>Where the response's start is (<see cref="ResponseGate"/>).</summary>
internal enum GatePhase
{
    /// <summary>Not started: OnStarting callbacks are kept here and body bytes wait in the gate's buffer.</summary>
    Closed,

    /// <summary>The kept callbacks ran; the commit is under way (or failed). New callbacks go to the server.</summary>
    Committing,

    /// <summary>Committed: everything goes straight to the server.</summary>
    Open,

    /// <summary>The request failed before the start: the buffer was dropped, the callbacks handed back to the server.</summary>
    Abandoned,
}
