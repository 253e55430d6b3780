using Microsoft.Extensions.Options;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Options;

/// <summary>Suspected: resilience settings Polly refuses pass the store's validation and fail later, inside Polly.</summary>
public sealed class OptionsValidationTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Theory]
    [InlineData(nameof(RedisSessionOptions.CircuitBreakDuration), 400)]
    [InlineData(nameof(RedisSessionOptions.OperationBudget), 5)]
    public async Task A_resilience_setting_below_what_Polly_accepts_fails_at_start_with_an_options_validation_message(string option, int milliseconds)
    {
        // Right: CircuitBreakDuration < 0.5 s or OperationBudget < 10 ms stops the app at start with an OptionsValidationException naming the setting.
        var value = TimeSpan.FromMilliseconds(milliseconds);
        Exception? failure = null;
        try
        {
            await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options =>
            {
                if (option == nameof(RedisSessionOptions.CircuitBreakDuration))
                {
                    options.CircuitBreakDuration = value;
                }
                else
                {
                    options.OperationBudget = value;
                }
            });
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        Assert.NotNull(failure);
        var validation = Chain(failure).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"start failed with {failure.GetType().FullName}: {failure.Message}");
        Assert.Contains(option, validation.Message, StringComparison.Ordinal);
    }

    // The exception, its inner exceptions and, for an AggregateException, each of them.
    private static IEnumerable<Exception> Chain(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(exception.InnerException is { } one ? [one] : []);
        foreach (var child in inner.SelectMany(Chain))
        {
            yield return child;
        }
    }
}
