using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions;

/// <summary>
/// The response's Stream while the gate is closed: the first write or flush starts the response (the
/// session commit), hands over what the gated PipeWriter buffered, then writes to the server's stream.
/// </summary>
internal sealed class GatedStream(ResponseStartGate gate, GatedPipeWriter writer) : Stream
{
    private Stream Inner => gate.Inner.Stream;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        await Inner.FlushAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await OpenAsync(cancellationToken);
        await Inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        OpenSynchronously();
        Inner.Flush();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        OpenSynchronously();
        Inner.Write(buffer, offset, count);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        await gate.StartAsync();
        await writer.DrainAsync(cancellationToken);
    }

    // Synchronous body writes are the app's choice (AllowSynchronousIO); where the server forbids them,
    // its stream throws as it always does, without this gate blocking on the commit first.
    private void OpenSynchronously()
    {
        if (!gate.Opened && gate.AllowsSynchronousIO)
        {
            OpenAsync(default).GetAwaiter().GetResult();
        }
    }
}
