using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions;

/// <summary>
/// The response's Stream behind the <see cref="ResponseGate"/>: a write or flush starts the response (the
/// gate's commit, and the pipe's buffered bytes handed over) before it goes to the server's stream.
/// </summary>
internal sealed class GatedBodyStream(ResponseGate gate, Stream server, HttpContext context) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await gate.StartAndDrainAsync();
        await server.FlushAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await gate.StartAndDrainAsync();
        await server.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        StartSynchronously();
        server.Flush();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        StartSynchronously();
        server.Write(buffer, offset, count);
    }

    // Synchronous body writes are the app's choice (AllowSynchronousIO); where the server forbids them, its
    // stream throws as it always does, without the gate blocking on the commit first.
    private void StartSynchronously()
    {
        if (!gate.IsOpen && context.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO == true)
        {
            gate.StartAndDrainAsync().GetAwaiter().GetResult();
        }
    }
}

/// <summary>
/// The response's PipeWriter behind the <see cref="ResponseGate"/>. <c>GetSpan</c> and <c>Advance</c> produce bytes
/// before any flush, so while the gate is closed they use a pooled buffer of its own, handed to the server once the
/// first flush, async write or completion has started the response; after that, calls go straight to the server.
/// </summary>
internal sealed class GatedBodyWriter(ResponseGate gate, PipeWriter server) : PipeWriter
{
    private const int MinimumBuffer = 4096;

    private byte[]? _buffer;
    private int _written;

    public override bool CanGetUnflushedBytes => server.CanGetUnflushedBytes;

    public override long UnflushedBytes => _written + (server.CanGetUnflushedBytes ? server.UnflushedBytes : 0);

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        Buffering() ? Reserve(sizeHint).AsMemory(_written) : server.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        Buffering() ? Reserve(sizeHint).AsSpan(_written) : server.GetSpan(sizeHint);

    // Goes where the memory came from: a buffer exists only while the gate is closed (it is drained on opening).
    public override void Advance(int bytes)
    {
        if (_buffer is null)
        {
            server.Advance(bytes);
        }
        else
        {
            _written += bytes;
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        Buffering() ? AfterStartAsync(default, cancellationToken) : server.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        Buffering() ? AfterStartAsync(source, cancellationToken) : server.WriteAsync(source, cancellationToken);

    public override void CancelPendingFlush() => server.CancelPendingFlush();

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

        await server.CompleteAsync(exception);
    }

    // Completing must not wait for the commit synchronously: while closed, the bytes wait for the middleware's start.
    public override void Complete(Exception? exception = null)
    {
        if (exception is not null)
        {
            Drop();
            server.Complete(exception);
        }
        else if (!Buffering())
        {
            server.Complete();
        }
    }

    /// <summary>After the start: hands the buffered bytes to the server, unflushed.</summary>
    internal void Drain()
    {
        if (_buffer is not null && _written > 0)
        {
            server.Write(_buffer.AsSpan(0, _written));
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

    // A write of nothing is a flush.
    private async ValueTask<FlushResult> AfterStartAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        await gate.StartAndDrainAsync();
        return await (source.IsEmpty ? server.FlushAsync(cancellationToken) : server.WriteAsync(source, cancellationToken));
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
