using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace FibreCafe.Client.Resilience;

/// <summary>
/// Builds a client's Polly v8 pipeline: retry → circuit breaker. The two timeouts around it are not Polly strategies
/// (each strategy costs its own async layers on every call) but are enforced by the handlers that run there anyway,
/// raising Polly's <see cref="Polly.Timeout.TimeoutRejectedException"/> as a timeout strategy would: the total timeout
/// outside the retry by <see cref="Call.CallHandler"/>, the attempt timeout inside the breaker by
/// <see cref="Http.AttemptHandler"/>. With one attempt and the breaker off the pipeline is empty, and the handlers
/// enforce both timeouts all the same.
/// </summary>
internal static class FibreCafeResiliencePipeline
{
    public const string Name = "FibreCafe";

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        FibreCafeResilienceOptions options,
        TimeProvider timeProvider,
        ClientMetrics metrics,
        ILogger logger)
    {
        var classifier = new RetryClassifier(options, timeProvider, logger);

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
                    metrics.RetryScheduled();
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
                SamplingDuration = cb.GetEffectiveSamplingDuration(options.AttemptTimeout),
                BreakDuration = cb.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(RetryClassifier.IsGatewayFailure(args.Outcome)),
            });
        }
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
