using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Client.Tests;

public sealed class OptionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["FibreCafe:BaseAddress"] = "https://cvt.fibregateway.com/v1",
        ["FibreCafe:ClientId"] = "tenant",
        ["FibreCafe:ClientSecret"] = "secret-value-123",
        ["FibreCafe:Scope"] = "com.fibregateway.CVT/tenant.all.all",
        ["FibreCafe:Resilience:MaxAttempts"] = "3",
        ["FibreCafe:Resilience:AttemptTimeout"] = "00:00:05",
        ["FibreCafe:Resilience:TotalTimeout"] = "00:00:20",
        ["FibreCafe:TokenRequestTimeout"] = "00:00:15",
        ["FibreCafe:MaxTokenLifetime"] = "00:30:00",
        ["FibreCafe:MaxResponseBodyBytes"] = "65536",
        ["FibreCafe:MaxErrorResponseBodyBytes"] = "4096",
        ["FibreCafe:MaxTokenResponseBytes"] = "8192",
        ["FibreCafe:Resilience:RetryAmbiguousFailures"] = "true",
        ["FibreCafe:Resilience:CircuitBreaker:BreakDuration"] = "00:00:07",
    };

    [Fact]
    public void The_section_binds_every_documented_key_and_derives_the_token_endpoint()
    {
        var options = Resolve(Valid);

        Assert.Equal(new Uri("https://cvt.fibregateway.com/v1"), options.BaseAddress);
        Assert.Equal(new Uri("https://cvt.fibregateway.com/v1/auth/tenant/access-token"), options.GetEffectiveTokenEndpoint());
        Assert.Equal("com.fibregateway.CVT/tenant.all.all", options.Scope);
        Assert.Equal(3, options.Resilience.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Resilience.AttemptTimeout);
        Assert.True(options.Resilience.RetryAmbiguousFailures);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Resilience.CircuitBreaker.BreakDuration);
        Assert.Equal(TimeSpan.FromSeconds(60), options.TokenExpiryMargin);
        Assert.Equal(TimeSpan.FromSeconds(15), options.TokenRequestTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.MaxTokenLifetime);
        Assert.Equal(65536, options.MaxResponseBodyBytes);
        Assert.Equal(4096, options.MaxErrorResponseBodyBytes);
        Assert.Equal(8192, options.MaxTokenResponseBytes);
    }

    [Theory]
    [InlineData("FibreCafe:BaseAddress", null, "FibreCafe:BaseAddress is required")]
    [InlineData("FibreCafe:BaseAddress", "http://cvt.fibregateway.com/v1", "must use https")]
    [InlineData("FibreCafe:BaseAddress", "ftp://127.0.0.1/v1", "absolute http(s) URI")]
    [InlineData("FibreCafe:TokenEndpoint", "http://auth.example.com/token", "FibreCafe:TokenEndpoint must use https")]
    [InlineData("FibreCafe:BaseAddress", "https://tenant:secret-value-123@cvt.fibregateway.com/v1", "FibreCafe:BaseAddress must not carry credentials")]
    [InlineData("FibreCafe:TokenEndpoint", "https://tenant:secret-value-123@auth.example.com/token", "FibreCafe:TokenEndpoint must not carry credentials")]
    [InlineData("FibreCafe:ClientId", null, "FibreCafe:ClientId is required")]
    [InlineData("FibreCafe:ClientSecret", "", "FibreCafe:ClientSecret is required")]
    [InlineData("FibreCafe:Resilience:AttemptTimeout", "00:00:30", "AttemptTimeout (00:00:30) must be below TotalTimeout (00:00:20)")]
    [InlineData("FibreCafe:Resilience:AttemptTimeout", "00:00:00.005", "AttemptTimeout must be 10 ms to 24 h (was 00:00:00.0050000)")]
    [InlineData("FibreCafe:Resilience:TotalTimeout", "2.00:00:00", "TotalTimeout must be 10 ms to 24 h (was 2.00:00:00)")]
    [InlineData("FibreCafe:Resilience:MaxAttempts", "0", "MaxAttempts must be 1 to 20")]
    [InlineData("FibreCafe:Resilience:CircuitBreaker:FailureRatio", "1.5", "FailureRatio")]
    [InlineData("FibreCafe:TokenRequestTimeout", "00:00:20", "FibreCafe:TokenRequestTimeout (00:00:20) must be below FibreCafe:Resilience:TotalTimeout (00:00:20)")]
    [InlineData("FibreCafe:MaxTokenLifetime", "00:00:30", "FibreCafe:MaxTokenLifetime (00:00:30) must be above FibreCafe:TokenExpiryMargin (00:01:00)")]
    [InlineData("FibreCafe:MaxResponseBodyBytes", "100", "FibreCafe:MaxResponseBodyBytes must be 1024 to 67108864 bytes (was 100)")]
    [InlineData("FibreCafe:MaxErrorResponseBodyBytes", "0", "FibreCafe:MaxErrorResponseBodyBytes must be 1024 to 67108864 bytes (was 0)")]
    [InlineData("FibreCafe:MaxTokenResponseBytes", "99999999", "FibreCafe:MaxTokenResponseBytes must be 1024 to 67108864 bytes (was 99999999)")]
    [InlineData("FibreCafe:TokenRefreshAhead", "-00:00:01", "FibreCafe:TokenRefreshAhead must not be negative.")]
    [InlineData("FibreCafe:TokenRequestTimeout", "00:00:00", "FibreCafe:TokenRequestTimeout must be positive.")]
    [InlineData("FibreCafe:Resilience:BaseDelay", "-00:00:01", "FibreCafe:Resilience:BaseDelay must not be negative.")]
    [InlineData("FibreCafe:Resilience:MaxDelay", "00:00:00.5", "FibreCafe:Resilience:MaxDelay (00:00:00.5000000) must not be below BaseDelay (00:00:01).")]
    [InlineData("FibreCafe:Resilience:CircuitBreaker:FailureRatio", "0", "FibreCafe:Resilience:CircuitBreaker:FailureRatio must be above 0 and at most 1 (was 0).")]
    [InlineData("FibreCafe:Resilience:CircuitBreaker:MinimumThroughput", "1", "FibreCafe:Resilience:CircuitBreaker:MinimumThroughput must be at least 2.")]
    [InlineData("FibreCafe:Resilience:CircuitBreaker:BreakDuration", "00:00:00.100", "FibreCafe:Resilience:CircuitBreaker:BreakDuration must be at least 500 ms.")]
    public void Invalid_settings_fail_validation_naming_the_key(string key, string? value, string expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value-123", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_breaker_sampling_duration_follows_a_long_attempt_timeout_instead_of_failing_validation()
    {
        // AttemptTimeout 30 s with TotalTimeout 40 s is valid: an unset SamplingDuration follows it (60 s) and is not checked.
        var options = Resolve(new Dictionary<string, string?>(Valid)
        {
            ["FibreCafe:Resilience:AttemptTimeout"] = "00:00:30",
            ["FibreCafe:Resilience:TotalTimeout"] = "00:00:40",
        });

        Assert.Null(options.Resilience.CircuitBreaker.SamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Resilience.CircuitBreaker.GetEffectiveSamplingDuration(options.Resilience.AttemptTimeout));
        Assert.Equal(FibreCafeCircuitBreakerOptions.DefaultSamplingDuration, options.Resilience.CircuitBreaker.GetEffectiveSamplingDuration(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_breaker_sampling_duration_that_is_set_is_still_checked_against_the_attempt_timeout()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["FibreCafe:Resilience:CircuitBreaker:SamplingDuration"] = "00:00:08" };

        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(settings));

        Assert.Contains("FibreCafe:Resilience:CircuitBreaker:SamplingDuration (00:00:08) must be at least twice AttemptTimeout (00:00:05)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_options_object_has_the_documented_defaults()
    {
        var o = new FibreCafeClientOptions();
        var r = o.Resilience;
        var cb = r.CircuitBreaker;

        Assert.Equal(FibreCafeClientCredentialStyle.BasicAuthentication, o.ClientCredentialStyle);
        Assert.Equal(TimeSpan.FromMinutes(1), o.TokenExpiryMargin);
        Assert.Equal(TimeSpan.FromMinutes(5), o.TokenRefreshAhead);
        Assert.Equal(TimeSpan.FromSeconds(30), o.TokenRequestTimeout);
        Assert.Equal(TimeSpan.FromHours(1), o.MaxTokenLifetime);
        Assert.Equal(1024 * 1024, o.MaxResponseBodyBytes);
        Assert.Equal(16 * 1024, o.MaxErrorResponseBodyBytes);
        Assert.Equal(16 * 1024, o.MaxTokenResponseBytes);
        Assert.Equal(4, r.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), r.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), r.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), r.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), r.TotalTimeout);
        Assert.False(r.RetryAmbiguousFailures);
        Assert.True(cb.Enabled);
        Assert.Equal(0.5, cb.FailureRatio);
        Assert.Equal(20, cb.MinimumThroughput);
        Assert.Null(cb.SamplingDuration);
        Assert.Equal(TimeSpan.FromSeconds(15), cb.BreakDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), cb.GetEffectiveSamplingDuration(r.AttemptTimeout));
        Assert.Equal((1024, 64 * 1024 * 1024, 3600), (FibreCafeClientOptions.MinBodyLimitBytes, FibreCafeClientOptions.MaxBodyLimitBytes, FibreCafeClientOptions.DefaultTokenLifetimeSeconds));
    }

    [Fact]
    public void Plain_http_is_accepted_for_loopback_hosts()
    {
        var options = Resolve(new Dictionary<string, string?>(Valid) { ["FibreCafe:BaseAddress"] = "http://127.0.0.1:5099/v1" });

        Assert.Equal("http", options.BaseAddress!.Scheme);
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_invalid_options()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFibreCafeClient(o => o.BaseAddress = new Uri("http://gateway.example.com/v1"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("FibreCafe:BaseAddress must use https", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_shows_the_client_secret()
    {
        var options = Resolve(Valid);

        Assert.DoesNotContain("secret-value-123", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_leaves_out_credentials_written_into_an_endpoint()
    {
        var options = new FibreCafeClientOptions
        {
            BaseAddress = new Uri("https://tenant:basic-password-1@cvt.fibregateway.com/v1"),
            TokenEndpoint = new Uri("https://tenant:token-password-2@auth.example.com/token"),
        };

        var text = options.ToString();

        Assert.DoesNotContain("basic-password-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-password-2", text, StringComparison.Ordinal);
        Assert.Contains("https://cvt.fibregateway.com/v1", text, StringComparison.Ordinal);
        Assert.Contains("https://auth.example.com/token", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pipeline_owns_timeouts_so_HttpClient_Timeout_is_infinite()
    {
        await using var h = ClientHarness.Create();
        var factory = h.Services.GetRequiredService<IHttpClientFactory>();

        Assert.Equal(Timeout.InfiniteTimeSpan, factory.CreateClient(h.Builder!.Name).Timeout);
    }

    private static FibreCafeClientOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFibreCafeClient(configuration.GetSection("FibreCafe"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<FibreCafeClientOptions>>().Value;
    }
}
