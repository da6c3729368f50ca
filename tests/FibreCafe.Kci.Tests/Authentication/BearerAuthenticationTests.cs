using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Kci.Tests.Authentication;

public class BearerAuthenticationTests
{
    private static readonly string Key = JwtTokens.NewSymmetricKey();

    private static Task<KciTestHost> StartAsync(Action<Dictionary<string, string?>>? more = null) =>
        KciTestHost.StartAsync(s =>
        {
            s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Username");
            s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Password");
            s["FibreCafe:Kci:Authentication:Bearer:Audience"] = JwtTokens.Audience;
            s["FibreCafe:Kci:Authentication:Bearer:Issuer"] = JwtTokens.Issuer;
            s["FibreCafe:Kci:Authentication:Bearer:SigningKeys:0"] = Key;
            more?.Invoke(s);
        });

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key)));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task The_hosts_jwt_bearer_events_apply_at_the_endpoint_so_a_token_it_fails_gets_401()
    {
        await using var host = await KciTestHost.StartAsync(
            s =>
            {
                s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Username");
                s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Password");
                s["FibreCafe:Kci:Authentication:Bearer:Audience"] = JwtTokens.Audience;
                s["FibreCafe:Kci:Authentication:Bearer:Issuer"] = JwtTokens.Issuer;
                s["FibreCafe:Kci:Authentication:Bearer:SigningKeys:0"] = Key;
            },
            (services, _) => services.Configure<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>("FibreCafeKci.Bearer", o => o.Events = new()
            {
                OnTokenValidated = context =>
                {
                    context.Fail("This client id is not on the host's allow-list.");
                    return Task.CompletedTask;
                },
            }));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key)));

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message.Contains("not on the host's allow-list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_token_gets_401_with_a_bearer_challenge()
    {
        await using var host = await StartAsync();

        using var response = await KciTestHost.PostAsync(host.Client, TestKcis.Order().ToJsonString(), authorization: null);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_401()
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(JwtTokens.NewSymmetricKey())));

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
    }

    [Fact]
    public async Task A_token_for_another_audience_gets_401()
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key, audience: "https://someone-else.example")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_gets_401()
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key, expires: DateTime.UtcNow.AddMinutes(-30))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_garbage_token_gets_401_not_500()
    {
        await using var host = await StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer("not.a.jwt"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task During_key_rotation_tokens_of_the_old_and_the_new_key_are_accepted()
    {
        using var rsa = RSA.Create(2048);
        var newPublicKey = rsa.ExportSubjectPublicKeyInfoPem();
        await using var host = await StartAsync(s => s["FibreCafe:Kci:Authentication:Bearer:SigningKeys:1"] = newPublicKey);
        var newToken = JwtTokens.Mint(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);

        using var old = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key)));
        using var rotated = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(newToken));

        Assert.Equal(HttpStatusCode.NoContent, old.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rotated.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_without_the_required_scope_gets_403()
    {
        await using var host = await StartAsync(s => s["FibreCafe:Kci:Authentication:Bearer:RequiredScopes:0"] = "kci.write");

        using var withScope = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key, scope: "profile kci.write")));
        using var without = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key, scope: "profile")));

        Assert.Equal(HttpStatusCode.NoContent, withScope.StatusCode);
        var messages = await GatewayErrorAssert.IsAsync(without, HttpStatusCode.Forbidden, "NOT_AUTHORISED");
        Assert.Contains("kci.write", messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_token_authority_gets_503_so_the_gateway_delivers_again()
    {
        await using var host = await StartAsync(s =>
        {
            s.Remove("FibreCafe:Kci:Authentication:Bearer:SigningKeys:0");
            s["FibreCafe:Kci:Authentication:Bearer:Authority"] = "https://127.0.0.1:1/";
        });

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key)));

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable, "TENANT_FAULT");
    }

    [Fact]
    public async Task The_token_never_reaches_the_logs()
    {
        await using var host = await StartAsync();
        var token = JwtTokens.MintSymmetric(JwtTokens.NewSymmetricKey());

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => (r.Message + r.Exception).Contains(signature, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Basic_and_bearer_can_be_configured_together()
    {
        await using var host = await StartAsync(s =>
        {
            s["FibreCafe:Kci:Authentication:Basic:Username"] = "gw";
            s["FibreCafe:Kci:Authentication:Basic:Password"] = "basic-password";
        });

        using var bearer = await host.PostAsync(TestKcis.Order().ToJsonString(), Bearer(JwtTokens.MintSymmetric(Key)));
        using var basic = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic("gw", "basic-password"));

        Assert.Equal(HttpStatusCode.NoContent, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, basic.StatusCode);
    }
}
