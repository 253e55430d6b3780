using System.Text;
using static SessionSample.Sessions.UnitTests.Changes.Snapshots;

namespace SessionSample.Sessions.UnitTests.Changes;

/// <summary>
/// <c>BytesAfter</c> predicts the <c>~bytes</c> count the commit script will keep (UTF-8 field name plus value,
/// user keys and flashes), so the size limit is checked before a round trip. Each scenario is checked against
/// a model of what Redis holds after the commit: the stored fields, minus what a clear wipes, plus the changes.
/// </summary>
public sealed class ByteAccountingTests
{
    /// <summary>Bytes of flash messages already stored: counted in the snapshot's total, never among its values.</summary>
    private const long StoredFlashBytes = 40;

    private static readonly Dictionary<string, Func<(SessionSnapshot, SessionChangeSet)>> s_scenarios = new()
    {
        ["nothing changed"] = () => Build(_ => { }),
        ["a new key"] = () => Build(c => c.Set("new", Utf8("value"))),
        ["a stored key grows"] = () => Build(c => c.Set("a", Utf8("a much longer value"))),
        ["a stored key shrinks"] = () => Build(c => c.Set("b", Utf8(""))),
        ["a stored key is removed"] = () => Build(c => c.Remove("a")),
        ["an unknown key is removed"] = () => Build(c => c.Remove("unknown")),
        ["removed then set again"] = () => Build(c => { c.Remove("a"); c.Set("a", Utf8("back")); }),
        ["a flash is added"] = () => Build(c => c.Set(Flash(1), Utf8("saved!"))),
        ["cleared"] = () => Build(c => c.Clear()),
        ["cleared then a stored key set again"] = () => Build(c => { c.Clear(); c.Set("a", Utf8("fresh")); }),
        ["cleared then a stored key removed"] = () => Build(c => { c.Clear(); c.Remove("a"); }),
        ["set, then cleared, then a flash"] = () => Build(c => { c.Set("new", Utf8("gone")); c.Clear(); c.Set(Flash(2), Utf8("kept")); }),
        ["cleared then a stored key written through"] = () => Build(c => c.Clear(), writtenThrough: ("a", "written")),
        ["cleared, written through, then set again"] = () => Build(c => c.Set("a", Utf8("pending")), writtenThrough: ("a", "written"), clearFirst: true),
        ["a multi-byte key is set"] = () => Build(c => c.Set("日本", Utf8("値"))),
        ["a stored multi-byte key is replaced"] = () => Build(c => c.Set("😀", Utf8("ü"))),
        ["a stored multi-byte key is removed"] = () => Build(c => c.Remove("clé")),
        ["cleared with multi-byte keys stored"] = () => Build(c => { c.Clear(); c.Set("日本", Utf8("x")); }),
    };

    public static TheoryData<string> Scenarios() => [.. s_scenarios.Keys];

    public static TheoryData<string, string, string> SetsInEveryScenario()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var scenario in s_scenarios.Keys)
        {
            foreach (var (key, value) in new[] { ("a", "v2"), ("b", ""), ("new", "other"), ("日本", "長い値"), ("😀", "x"), ("unknown", "u") })
            {
                data.Add(scenario, key, value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void BytesAfter_is_what_Redis_counts_once_the_changes_are_committed(string scenario)
    {
        var (snapshot, changes) = s_scenarios[scenario]();

        Assert.Equal(CountedAfterCommit(snapshot, changes), changes.BytesAfter(snapshot));
    }

    [Theory]
    [MemberData(nameof(SetsInEveryScenario))]
    public void BytesAfterSet_is_BytesAfter_with_that_set_applied(string scenario, string key, string value)
    {
        var (snapshot, changes) = s_scenarios[scenario]();
        var predicted = changes.BytesAfterSet(snapshot, key, Utf8(value));

        changes.Set(key, Utf8(value));

        Assert.Equal(changes.BytesAfter(snapshot), predicted);
        Assert.Equal(CountedAfterCommit(snapshot, changes), predicted);
    }

    [Fact]
    public void Keys_count_in_UTF8_bytes_not_in_characters()
    {
        var changes = new SessionChangeSet();
        changes.Set("日本", Utf8("値"));
        changes.Set("😀", Utf8("é"));

        // 日本 is 6 bytes, 値 3; 😀 is 4 bytes (2 UTF-16 chars), é 2.
        Assert.Equal(6 + 3 + 4 + 2, changes.BytesAfter(SessionSnapshot.Empty()));
        Assert.Equal(9, SessionSnapshot.SizeOf("日本", Utf8("値")));
    }

    [Fact]
    public void A_clear_keeps_the_bytes_of_stored_flashes()
    {
        var snapshot = Of(StoredFlashBytes, ("a", "1"), ("日本", "値"));
        var changes = new SessionChangeSet();

        changes.Clear();

        Assert.Equal(StoredFlashBytes, changes.BytesAfter(snapshot));
    }

    /// <summary>
    /// A session as loaded: two plain keys, three multi-byte ones and stored flashes. With <paramref name="writtenThrough"/>
    /// one key was written straight to Redis (after a clear when <paramref name="clearFirst"/> or the recipe clears).
    /// </summary>
    private static (SessionSnapshot, SessionChangeSet) Build(
        Action<SessionChangeSet> recipe, (string Key, string Value)? writtenThrough = null, bool clearFirst = false)
    {
        var snapshot = Of(StoredFlashBytes, ("a", "1"), ("b", "two"), ("clé", "valeur"), ("日本", "語"), ("😀", "smile"));
        var changes = new SessionChangeSet();
        if (writtenThrough is var (key, value))
        {
            if (clearFirst)
            {
                changes.Clear();
            }
            else
            {
                recipe(changes);
            }

            // What the session does after a write-through: the snapshot takes the stored value and Redis' new count.
            var old = snapshot.Values.TryGetValue(key, out var stored) ? Size(key, stored) : 0;
            snapshot.ApplyWrite(key, Utf8(value), Utf8(value).Length, snapshot.Bytes - old + Size(key, Utf8(value)));
            changes.WrittenThrough(key);
            if (clearFirst)
            {
                recipe(changes);
            }
        }
        else
        {
            recipe(changes);
        }

        return (snapshot, changes);
    }

    /// <summary>The model: what the commit script leaves in the hash, counted as it counts (UTF-8 name plus value).</summary>
    private static long CountedAfterCommit(SessionSnapshot snapshot, SessionChangeSet changes)
    {
        var fields = new Dictionary<string, byte[]>(snapshot.Values, StringComparer.Ordinal);
        var flashBytes = snapshot.Bytes - snapshot.Values.Sum(field => Size(field.Key, field.Value));
        if (changes.Cleared)
        {
            foreach (var key in fields.Keys.Where(key => !changes.KeepOnClear.Contains(key)).ToList())
            {
                fields.Remove(key);
            }
        }

        foreach (var (key, value) in changes.Changes)
        {
            if (value is not { } set)
            {
                fields.Remove(key);
            }
            else
            {
                fields[key] = set.Stored;
            }
        }

        return flashBytes + fields.Sum(field => Size(field.Key, field.Value));
    }

    private static long Size(string key, byte[] value) => Encoding.UTF8.GetByteCount(key) + value.Length;
}
