using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions;

/// <summary>
/// Wraps the response body so the session is written just before the first byte of the response
/// leaves: the cookie can still be set, a store failure can still become a 503, and the client never
/// sees a response before its session write is in Redis (read-your-writes on the next request).
/// Unlike an OnStarting callback, an exception here reaches the exception handler intact.
/// </summary>
internal sealed class CommitBeforeResponseBodyFeature(IHttpResponseBodyFeature inner, RedisSession session) : IHttpResponseBodyFeature
{
    private CommitBeforeWriteStream? _stream;
    private CommitBeforeFlushPipeWriter? _writer;

    public IHttpResponseBodyFeature Inner => inner;

    public Stream Stream => _stream ??= new CommitBeforeWriteStream(inner.Stream, session);

    public PipeWriter Writer => _writer ??= new CommitBeforeFlushPipeWriter(inner.Writer, session);

    public void DisableBuffering() => inner.DisableBuffering();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await session.CommitBeforeResponseAsync();
        await inner.StartAsync(cancellationToken);
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await session.CommitBeforeResponseAsync();
        await inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await session.CommitBeforeResponseAsync();
        await inner.CompleteAsync();
    }
}

internal sealed class CommitBeforeWriteStream(Stream inner, RedisSession session) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
        CommitSynchronously();
        inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await session.CommitBeforeResponseAsync();
        await inner.FlushAsync(cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        CommitSynchronously();
        inner.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (session.ResponseCommitPending)
        {
            await session.CommitBeforeResponseAsync();
        }

        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void CommitSynchronously()
    {
        if (session.ResponseCommitPending)
        {
            session.CommitBeforeResponseAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}

internal sealed class CommitBeforeFlushPipeWriter(PipeWriter inner, RedisSession session) : PipeWriter
{
    // Bytes written with GetMemory/Advance stay in the server's buffer until a flush: that is where the
    // response starts, so that is where the session is committed.
    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null && session.ResponseCommitPending)
        {
            await session.CommitBeforeResponseAsync();
        }

        await inner.CompleteAsync(exception);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        session.ResponseCommitPending ? CommitThenFlushAsync(cancellationToken) : inner.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        session.ResponseCommitPending ? CommitThenWriteAsync(source, cancellationToken) : inner.WriteAsync(source, cancellationToken);

    private async ValueTask<FlushResult> CommitThenFlushAsync(CancellationToken cancellationToken)
    {
        await session.CommitBeforeResponseAsync();
        return await inner.FlushAsync(cancellationToken);
    }

    private async ValueTask<FlushResult> CommitThenWriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        await session.CommitBeforeResponseAsync();
        return await inner.WriteAsync(source, cancellationToken);
    }
}
