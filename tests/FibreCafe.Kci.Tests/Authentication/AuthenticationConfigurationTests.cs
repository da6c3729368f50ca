using System.Net;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Tests.Authentication;

public class AuthenticationConfigurationTests
{
    private static void NoAuthentication(Dictionary<string, string?> s)
    {
        s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Username");
        s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Password");
    }

    [Fact]
    public async Task The_receiver_refuses_to_start_without_an_authentication_mode()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KciTestHost.StartAsync(NoAuthentication));

        Assert.Contains(error.Failures, f => f.StartsWith("FibreCafe:Kci:Authentication:", StringComparison.Ordinal) && f.Contains("no authentication mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_access_is_honoured_in_development()
    {
        await using var host = await KciTestHost.StartAsync(
            s =>
            {
                NoAuthentication(s);
                s["FibreCafe:Kci:Authentication:AllowAnonymous"] = "true";
            },
            environment: "Development");

        using var response = await KciTestHost.PostAsync(host.Client, TestKcis.Order().ToJsonString(), authorization: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Anonymous_access_outside_development_stops_the_start(string environment)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KciTestHost.StartAsync(
            s => s["FibreCafe:Kci:Authentication:AllowAnonymous"] = "true",
            environment: environment));

        Assert.Contains(error.Failures, f => f.Contains("FibreCafe:Kci:Authentication:AllowAnonymous", StringComparison.Ordinal) && f.Contains(environment, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FibreCafe:Kci:Authentication:Basic:Credentials:0:Password", "", "FibreCafe:Kci:Authentication:Basic:Credentials:0:Password is required.")]
    [InlineData("FibreCafe:Kci:Authentication:Basic:Credentials:0:Username", "a:b", "FibreCafe:Kci:Authentication:Basic:Credentials:0:Username is required and must not contain ':'.")]
    [InlineData("FibreCafe:Kci:Authentication:Bearer:SigningKeys:0", "c2hvcnQ=", "FibreCafe:Kci:Authentication:Bearer:SigningKeys:0 is a symmetric key shorter than 32 bytes.")]
    [InlineData("FibreCafe:Kci:Authentication:Bearer:Authority", "http://idp.example", "FibreCafe:Kci:Authentication:Bearer:Authority must be an absolute https URI (was 'http://idp.example').")]
    [InlineData("FibreCafe:Kci:Authentication:Certificate:Thumbprints:0", "abc", "FibreCafe:Kci:Authentication:Certificate:Thumbprints:0 must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.")]
    [InlineData("FibreCafe:Kci:Dispatch:MaxAttempts", "0", "FibreCafe:Kci:Dispatch:MaxAttempts must be 1 to 100 (was 0).")]
    [InlineData("FibreCafe:Kci:MaxBodyBytes", "0", "FibreCafe:Kci:MaxBodyBytes must be 1 to 104857600 (was 0).")]
    public async Task Invalid_settings_stop_the_start_with_a_message_naming_the_key(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KciTestHost.StartAsync(s => s[key] = value));

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task An_authority_with_credentials_in_it_is_refused_without_repeating_them()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KciTestHost.StartAsync(
            s => s["FibreCafe:Kci:Authentication:Bearer:Authority"] = "http://admin:idp-password-9@idp.example"));

        Assert.Contains("FibreCafe:Kci:Authentication:Bearer:Authority must not carry credentials (user:password@).", error.Failures);
        Assert.DoesNotContain("idp-password-9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_without_an_audience_stops_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KciTestHost.StartAsync(
            s => s["FibreCafe:Kci:Authentication:Bearer:SigningKeys:0"] = JwtTokens.NewSymmetricKey()));

        Assert.Contains("FibreCafe:Kci:Authentication:Bearer:Audience is required.", error.Failures);
    }
}
