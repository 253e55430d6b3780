using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.Parity;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// DataProtection:CertificatePath (ServiceDefaults) stores the key ring encrypted with that certificate: the
/// keys in Redis are no longer readable XML, and a second app with the same certificate still opens what the
/// first protected. Its own Redis: a certificate-protected key in a shared ring would lock other tests out.
/// </summary>
public sealed class KeyRingCertificateTests : IsolatedRedis
{
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"keyring{Guid.NewGuid():N}.pfx");

    protected override async Task StartedAsync()
    {
        using var certificate = SelfSignedCertificate.Create();
        Own(new DeletedFile(_certificatePath));
        await File.WriteAllBytesAsync(_certificatePath, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
    }

    // The certificate file is deleted when the test class stops, as what it started is.
    private sealed class DeletedFile(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task With_a_certificate_the_keys_in_Redis_are_encrypted_and_another_app_with_it_still_reads(bool withCertificate)
    {
        byte[] protectedBytes;
        await using (var first = Build(withCertificate))
        {
            protectedBytes = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect([1, 2, 3]);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var keys = (await redis.GetDatabase().ListRangeAsync(SharedDataProtection.KeyRingRedisKey)).Select(k => (string)k!).ToList();
        var key = Assert.Single(keys);
        Assert.Equal(withCertificate, key.Contains("EncryptedData", StringComparison.Ordinal));
        Assert.Equal(!withCertificate, key.Contains("<value>", StringComparison.Ordinal));

        await using var second = Build(withCertificate);
        Assert.Equal([1, 2, 3], second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedBytes));
    }

    private WebApplication Build(bool withCertificate)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:sessions"] = Redis.ConnectionString;
        builder.Configuration["ConnectionStrings:cache"] = Redis.ConnectionString;
        if (withCertificate)
        {
            builder.Configuration["DataProtection:CertificatePath"] = _certificatePath;
            builder.Configuration["DataProtection:CertificatePassword"] = "pfx-password";
        }

        builder.AddRedisConnections();
        builder.AddSharedDataProtection();
        return builder.Build();
    }
}
