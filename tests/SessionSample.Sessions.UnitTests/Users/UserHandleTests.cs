using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionSample.Sessions.UnitTests.Users;

/// <summary>Index entries and user keys name nobody in plain text, and only well-formed handles are taken.</summary>
public sealed class UserHandleTests
{
    [Fact]
    public void A_user_handle_is_one_per_user_whatever_the_case_and_never_the_name()
    {
        var handle = SessionSchema.UserHandleOf("Alice");

        Assert.Equal(handle, SessionSchema.UserHandleOf("alice"));
        Assert.NotEqual(handle, SessionSchema.UserHandleOf("bob"));
        Assert.DoesNotContain("alice", handle, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(43, handle.Length);
    }

    [Fact]
    public void The_user_key_is_its_own_hash_tag()
    {
        var key = (string)new SessionSchema("app:session:").UserKey("abc")!;

        Assert.Equal("app:session:user:{abc}", key);
    }

    [Fact]
    public void A_session_handle_reads_back_with_the_log_hash_of_the_id_it_came_from()
    {
        var id = SessionIds.NewId();
        var handle = SessionIds.HandleOf(id);

        Assert.Equal(handle, SessionIds.FromHandle(handle.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-handle")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void Anything_but_a_canonical_handle_is_refused(string text) =>
        Assert.Null(SessionIds.FromHandle(text));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_binding_is_read_from_a_sessions_fields_and_written_back_the_same(bool encrypt)
    {
        var codec = Codec(new EphemeralDataProtectionProvider(), encrypt);
        var binding = new SessionBinding("alice", "Firefox on Linux", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), "sign-in-id");
        var pairs = binding.ToFieldPairs(codec).ToArray();
        var fields = pairs.Select(value => RedisResult.Create(value)).ToArray();

        Assert.Equal(binding, SessionBinding.From([RedisResult.Create((RedisValue)"cart"), RedisResult.Create((RedisValue)"x"), .. fields], codec));
        Assert.Null(SessionBinding.From([RedisResult.Create((RedisValue)"cart"), RedisResult.Create((RedisValue)"x")], codec));
        Assert.Equal(encrypt, pairs.All(value => !((string)value!).Contains("alice", StringComparison.Ordinal) && !((string)value!).Contains("Firefox", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_sealed_user_reads_by_its_handle_without_the_key_ring_and_binds_nobody()
    {
        var stored = SessionBinding.WriteUser(Codec(new EphemeralDataProtectionProvider(), encrypt: true), "Alice");
        var withoutRing = Codec(new EphemeralDataProtectionProvider(), encrypt: false);

        var user = SessionBinding.ReadUser(withoutRing, stored);

        Assert.Equal(new BoundUser(SessionSchema.UserHandleOf("alice"), null), user);
        Assert.True(user?.Is("ALICE"));
        Assert.DoesNotContain("Alice", user!.Value.DisplayName, StringComparison.OrdinalIgnoreCase);
        var binding = new SessionBinding("Alice", "Firefox", DateTimeOffset.UnixEpoch, "sign-in-id");
        Assert.Null(SessionBinding.From([.. binding.ToFieldPairs(Codec(new EphemeralDataProtectionProvider(), encrypt: true)).Select(value => RedisResult.Create(value))], withoutRing));
    }

    private static SessionValueCodec Codec(IDataProtectionProvider provider, bool encrypt) =>
        new(new DataProtectionValueProtector(provider, Options.Create(new ValueEncryptionOptions { EncryptNewValues = encrypt })));
}
