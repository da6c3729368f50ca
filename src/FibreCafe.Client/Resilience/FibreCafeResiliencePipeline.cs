using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace FibreCafe.Client.Resilience;

/// <summary>Builds the Polly v8 pipeline: total timeout → retry → circuit breaker → attempt timeout.</summary>
internal static class FibreCafeResiliencePipeline
{
    public const string Name = "FibreCafe";

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        FibreCafeResilienceOptions options,
        TimeProvider timeProvider,
        FibreCafeClientMetrics metrics,
        ILogger logger)
    {
        var classifier = new RetryClassifier(options, timeProvider, logger);

        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "FibreCafe.Retry",
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(classifier.ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
                DelayGenerator = args => ValueTask.FromResult(classifier.RetryAfterDelay(args.Outcome)),
                OnRetry = args =>
                {
                    metrics.Retries.Add(1);
                    Log.Retrying(logger, args.AttemptNumber + 2, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome));
                    return default;
                },
            });
        }

        if (options.CircuitBreaker.Enabled)
        {
            var cb = options.CircuitBreaker;
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                Name = "FibreCafe.CircuitBreaker",
                FailureRatio = cb.FailureRatio,
                MinimumThroughput = cb.MinimumThroughput,
                SamplingDuration = cb.SamplingDuration,
                BreakDuration = cb.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(RetryClassifier.IsGatewayFailure(args.Outcome)),
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
