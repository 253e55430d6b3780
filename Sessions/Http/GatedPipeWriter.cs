using System.Buffers;
using System.IO.Pipelines;

namespace SessionSample.Sessions;

/// <summary>
/// The response's PipeWriter while the gate is closed. <c>GetMemory</c>/<c>GetSpan</c> are synchronous and
/// produce bytes before any flush, so until the response starts they hand out this writer's own pooled
/// buffer; the first flush, async write or completion starts the response (the session commit) and only then
/// copies those bytes to the server. When nothing can make the start fail (no pending change, no kept
/// callback), it starts at once and every call goes straight to the server's writer.
/// </summary>
internal sealed class GatedPipeWriter(ResponseStartGate gate, PipeWriter inner) : PipeWriter
{
    private const int MinimumBuffer = 4096;

    private byte[]? _buffer;
    private int _written;
    private bool _leased;
    private bool _completeRequested;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _written + (inner.CanGetUnflushedBytes ? inner.UnflushedBytes : 0);

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        Buffering() ? Lease(sizeHint).AsMemory(_written) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        Buffering() ? Lease(sizeHint).AsSpan(_written) : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (!_leased)
        {
            inner.Advance(bytes);
            return;
        }

        _leased = false;
        _written += bytes;
        if (gate.Opened)
        {
            CopyToInner();
        }
    }

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        await gate.StartAsync();
        CopyToInner();
        return await inner.FlushAsync(cancellationToken);
    }

    public override async ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        await gate.StartAsync();
        CopyToInner();
        return await inner.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is not null)
        {
            ReleaseBuffer();
            await inner.CompleteAsync(exception);
            return;
        }

        await gate.StartAsync();
        CopyToInner();
        await inner.CompleteAsync();
    }

    public override void Complete(Exception? exception = null)
    {
        if (exception is not null)
        {
            ReleaseBuffer();
            inner.Complete(exception);
        }
        else if (gate.Opened && _buffer is null)
        {
            inner.Complete();
        }
        else
        {
            // Completing must not wait for the commit synchronously: the middleware's own start finishes it.
            _completeRequested = true;
        }
    }

    /// <summary>After the start: hands the buffered bytes to the server, and a completion that had to wait.</summary>
    public ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        CopyToInner();
        if (_completeRequested)
        {
            _completeRequested = false;
            return inner.CompleteAsync();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Drops what was buffered (the response will not be sent as written).</summary>
    public void ReleaseBuffer()
    {
        if (_buffer is not null && !_leased)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _written = 0;
        }
    }

    private bool Buffering()
    {
        if (_buffer is not null)
        {
            if (!gate.Opened || _leased)
            {
                return true;
            }

            CopyToInner();
            return false;
        }

        return !gate.TryStartSynchronously();
    }

    private byte[] Lease(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (_buffer is null || _buffer.Length < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumBuffer, (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _written).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        _leased = true;
        return _buffer;
    }

    private void CopyToInner()
    {
        if (_buffer is null || _leased)
        {
            return;
        }

        if (_written > 0)
        {
            inner.Write(_buffer.AsSpan(0, _written));
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _written = 0;
    }
}
