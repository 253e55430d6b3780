using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionSample.Sessions;
using SessionSample.Sessions.Encryption;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers value encryption at rest, a module of the Redis session store.</summary>
public static class ValueEncryptionRegistration
{
    /// <summary>
    /// Stores every value (user keys, counters, flash messages, the signed-in user and device, offloaded data)
    /// encrypted with the shared Data Protection key ring, so Redis, MONITOR and the append-only file hold ciphertext
    /// only; key names and the store's metadata stay readable. The size limits count the encrypted bytes. Values
    /// stored before it was added still read; to turn it off under live sessions, keep it with
    /// <see cref="ValueEncryptionOptions.EncryptNewValues"/> false until the encrypted values have expired.
    /// Bound from <c>Sessions:Encryption</c>. See docs/configuration.md.
    /// </summary>
    public static IRedisSessionsBuilder AddValueEncryption(this IRedisSessionsBuilder builder, Action<ValueEncryptionOptions>? configure = null) =>
        builder.AddModule(SessionModule.ValueEncryption, services =>
        {
            services.AddModuleOptions(ValueEncryptionOptions.SectionName, configure);
            services.TryAddSingleton<ISessionValueProtector, DataProtectionValueProtector>();
        });
}
