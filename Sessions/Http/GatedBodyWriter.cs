using System.Buffers;
using System.IO.Pipelines;

namespace SessionSample.Sessions;

/// <summary>
/// The response's PipeWriter behind the <see cref="ResponseGate"/>. <c>GetMemory</c>/<c>GetSpan</c> are
/// synchronous and produce bytes before any flush, so while the gate is closed they hand out a pooled buffer of
/// this writer's own; the first flush, async write or completion starts the response (the gate's commit) and
/// only then copies those bytes to the server. Once the gate is open, every call goes straight to the server's writer.
/// </summary>
internal sealed class GatedBodyWriter(ResponseGate gate) : PipeWriter
{
    private const int MinimumBuffer = 4096;

    private byte[]? _buffer;
    private int _written;

    private PipeWriter Server => gate.ServerWriter;

    public override bool CanGetUnflushedBytes => Server.CanGetUnflushedBytes;

    public override long UnflushedBytes => _written + (Server.CanGetUnflushedBytes ? Server.UnflushedBytes : 0);

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        Buffering() ? Reserve(sizeHint).AsMemory(_written) : Server.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        Buffering() ? Reserve(sizeHint).AsSpan(_written) : Server.GetSpan(sizeHint);

    // Goes where the memory came from: a buffer exists only while the gate is closed (it is drained on opening).
    public override void Advance(int bytes)
    {
        if (_buffer is null)
        {
            Server.Advance(bytes);
        }
        else
        {
            _written += bytes;
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        Buffering() ? FlushAfterStartAsync(cancellationToken) : Server.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        Buffering() ? WriteAfterStartAsync(source, cancellationToken) : Server.WriteAsync(source, cancellationToken);

    public override void CancelPendingFlush() => Server.CancelPendingFlush();

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null)
        {
            await gate.StartAndDrainAsync();
        }
        else
        {
            Drop();
        }

        await Server.CompleteAsync(exception);
    }

    // Completing must not wait for the commit synchronously: while the gate is closed, what was written stays
    // buffered until the middleware's own start, at the end of the request.
    public override void Complete(Exception? exception = null)
    {
        if (exception is not null)
        {
            Drop();
            Server.Complete(exception);
        }
        else if (!Buffering())
        {
            Server.Complete();
        }
    }

    /// <summary>After the start: hands the buffered bytes to the server (without flushing them).</summary>
    internal void Drain()
    {
        if (_buffer is not null && _written > 0)
        {
            Server.Write(_buffer.AsSpan(0, _written));
        }

        Drop();
    }

    /// <summary>Drops what was buffered (the response will not be sent as written).</summary>
    internal void Drop()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _written = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Buffering()
    {
        if (!gate.IsOpen)
        {
            return true;
        }

        Drain();
        return false;
    }

    private async ValueTask<FlushResult> FlushAfterStartAsync(CancellationToken cancellationToken)
    {
        await gate.StartAndDrainAsync();
        return await Server.FlushAsync(cancellationToken);
    }

    private async ValueTask<FlushResult> WriteAfterStartAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        await gate.StartAndDrainAsync();
        return await Server.WriteAsync(source, cancellationToken);
    }

    private byte[] Reserve(int sizeHint)
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

        return _buffer;
    }
}
