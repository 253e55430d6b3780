using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One key ring, kept in the <c>sessions</c> Redis, under one application name: every app (and every
/// replica) can unprotect the cookies any other one issued. With <c>DataProtection:CertificatePath</c> (a PKCS#12
/// file, its password in <c>DataProtection:CertificatePassword</c>) the keys are stored encrypted with that
/// certificate, so a copy of the sessions Redis alone opens neither cookies nor encrypted session values.
/// </summary>
public static class SharedDataProtection
{
    public const string ApplicationName = "SessionSample";
    public const string KeyRingRedisKey = "SessionSample:data-protection-keys";

    public static TBuilder AddSharedDataProtection<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            // Every app and replica needs the same certificate (with its private key) to read the ring.
            dataProtection.ProtectKeysWithCertificate(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, builder.Configuration["DataProtection:CertificatePassword"]));
        }

        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeyRingRedisKey));

        return builder;
    }
}
