using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One key ring, kept in the <c>sessions</c> Redis, under one application name: every app (and every
/// replica) can unprotect the cookies any other one issued.
/// </summary>
public static class SharedDataProtection
{
    public const string ApplicationName = "SessionSample";
    public const string KeyRingRedisKey = "SessionSample:data-protection-keys";

    public static TBuilder AddSharedDataProtection<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);

        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) =>
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeyRingRedisKey));

        return builder;
    }
}
