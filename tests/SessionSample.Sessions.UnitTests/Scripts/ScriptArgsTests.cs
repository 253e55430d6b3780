using StackExchange.Redis;

namespace SessionSample.Sessions.UnitTests.Scripts;

/// <summary>ARGV as the store packs it: each fixed argument at its enum position, the variable-length tail after them.</summary>
public sealed class ScriptArgsTests
{
    [Fact]
    public void Each_argument_lands_at_its_enum_position()
    {
        var args = new ScriptArgs<IncrementArg>();
        foreach (var argument in Enum.GetValues<IncrementArg>().Reverse())
        {
            args[argument] = $"value of {argument}";
        }

        Assert.Equal(Enum.GetValues<IncrementArg>().Length, args.Values.Length);
        Assert.Equal(Enum.GetValues<IncrementArg>().Select(argument => (RedisValue)$"value of {argument}"), args.Values);
    }

    [Fact]
    public void The_tail_starts_right_after_the_fixed_arguments()
    {
        var args = new ScriptArgs<CommitArg>(tailLength: 3);
        args[CommitArg.Clear] = 1;

        args.SetTail(0, 2);
        args.SetTail(1, "field");
        args.SetTail(2, "value");

        var fixedCount = Enum.GetValues<CommitArg>().Length;
        Assert.Equal(fixedCount + 3, args.Values.Length);
        Assert.Equal((RedisValue)1, args.Values[(int)CommitArg.Clear]);
        Assert.Equal([(RedisValue)2, "field", "value"], args.Values[fixedCount..]);
        Assert.Throws<IndexOutOfRangeException>(() => args.SetTail(3, "past the end"));
    }

    [Fact]
    public void Unset_arguments_stay_null_rather_than_shifting_the_others()
    {
        var args = new ScriptArgs<TouchArg>();

        args[TouchArg.AbsoluteMs] = 5;

        Assert.Equal([RedisValue.Null, RedisValue.Null, (RedisValue)5], args.Values);
    }

    [Fact]
    public void A_script_without_arguments_packs_nothing()
    {
        Assert.Empty(new ScriptArgs<NoArg>().Values);
        Assert.Equal(2, new ScriptArgs<NoArg>(tailLength: 2).Values.Length);
    }
}
