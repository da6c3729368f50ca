using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FibreCafe.Kci.Tests.Authentication;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.Tests.WithoutAspNetCore;

/// <summary>
/// A host without ASP.NET Core checks a delivery's credentials exactly as <c>POST /kcis</c> does: with Basic, bearer
/// and pinned certificates all configured, every case gets the same verdict, status and challenges from both.
/// </summary>
public sealed class KciCredentialValidatorParityTests : IAsyncLifetime
{
    private static readonly string Key = JwtTokens.NewSymmetricKey();
    // Shared by every case of the class (theory data names them); they live as long as the test process.
    private static readonly X509Certificate2 Pinned = Certificate("CN=fibre-cafe-gateway");
    private static readonly X509Certificate2 Stranger = Certificate("CN=stranger");
    private KciTestHost _host = null!;

    public static TheoryData<string, string?, string?> Cases() => new()
    {
        { "nothing", null, null },
        { "the right Basic pair", Basic(KciTestHost.Username, KciTestHost.Password), null },
        { "a wrong Basic password", Basic(KciTestHost.Username, "wrong"), null },
        { "Basic that is not base64", "Basic %%%", null },
        { "a valid token", "Bearer " + JwtTokens.MintSymmetric(Key), null },
        { "a valid token without the required scope", "Bearer " + JwtTokens.MintSymmetric(Key, scope: "kci.read"), null },
        { "a token of another key", "Bearer " + JwtTokens.MintSymmetric(JwtTokens.NewSymmetricKey()), null },
        { "an expired token", "Bearer " + JwtTokens.MintSymmetric(Key, expires: DateTime.UtcNow.AddMinutes(-10)), null },
        { "a token that is no JWT", "Bearer not-a-jwt", null },
        { "an unknown scheme", "Digest username=\"x\"", null },
        { "the pinned certificate", null, nameof(Pinned) },
        { "a certificate not pinned", null, nameof(Stranger) },
        { "a certificate not pinned and the right Basic pair", Basic(KciTestHost.Username, KciTestHost.Password), nameof(Stranger) },
    };

    public async Task InitializeAsync() =>
        _host = await KciTestHost.StartAsync(s =>
        {
            s["FibreCafe:Kci:Authentication:Bearer:Audience"] = JwtTokens.Audience;
            s["FibreCafe:Kci:Authentication:Bearer:Issuer"] = JwtTokens.Issuer;
            s["FibreCafe:Kci:Authentication:Bearer:SigningKeys:0"] = Key;
            s["FibreCafe:Kci:Authentication:Bearer:RequiredScopes:0"] = "kci.write";
            s["FibreCafe:Kci:Authentication:Certificate:Thumbprints:0"] = Pinned.Thumbprint;
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_validator_gives_what_the_endpoint_answers(string @case, string? authorization, string? certificateName)
    {
        var certificate = certificateName switch { nameof(Pinned) => Pinned, nameof(Stranger) => Stranger, _ => null };
        var validator = _host.Services.GetRequiredService<KciCredentialValidator>();

        var verdict = await validator.ValidateAsync(authorization, certificate);
        using var response = await PostAsync(authorization, certificate);

        Assert.True((int)response.StatusCode == (verdict.StatusCode ?? 204), $"{@case}: endpoint {(int)response.StatusCode}, validator {verdict.StatusCode}");
        Assert.Equal(response.Headers.WwwAuthenticate.Select(h => h.ToString()).Order(StringComparer.Ordinal), verdict.Challenges.Order(StringComparer.Ordinal));
        if (!verdict.IsAllowed)
        {
            var messages = await GatewayErrorAssert.IsAsync(response, response.StatusCode, "NOT_AUTHORISED");
            Assert.Equal([verdict.Message], messages);
            Assert.Equal("NOT_AUTHORISED", verdict.ToGatewayError().Code!.Value.Value);
        }
    }

    [Fact]
    public async Task Each_mode_names_its_scheme_and_the_caller()
    {
        var validator = _host.Services.GetRequiredService<KciCredentialValidator>();

        var byPassword = await validator.ValidateAsync(Basic(KciTestHost.Username, KciTestHost.Password));
        var byToken = await validator.ValidateAsync("Bearer " + JwtTokens.MintSymmetric(Key));
        var byCertificate = await validator.ValidateAsync(null, Pinned);
        var lackingScope = await validator.ValidateAsync("Bearer " + JwtTokens.MintSymmetric(Key, scope: "kci.read"));

        Assert.Equal(("FibreCafeKci.Basic", KciTestHost.Username), (byPassword.Scheme, byPassword.Principal!.Identity!.Name));
        Assert.Equal(("FibreCafeKci.Bearer", "fibre-cafe-gateway"), (byToken.Scheme, byToken.Principal!.FindFirst("sub")!.Value));
        Assert.Equal(("FibreCafeKci.Certificate", "CN=fibre-cafe-gateway"), (byCertificate.Scheme, byCertificate.Principal!.Identity!.Name));
        Assert.Equal(403, lackingScope.StatusCode);
        Assert.Contains("kci.write", lackingScope.Message, StringComparison.Ordinal);
        Assert.True(validator.UsesClientCertificates);
    }

    [Fact]
    public async Task A_refusal_tells_the_log_why_without_the_credential()
    {
        var validator = _host.Services.GetRequiredService<KciCredentialValidator>();

        var refused = await validator.ValidateAsync(Basic(KciTestHost.Username, "a-wrong-password"));

        Assert.Equal(401, refused.StatusCode);
        Assert.Contains("do not match a configured pair", refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-password", refused.Detail + refused.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string? authorization, X509Certificate2? certificate)
    {
        using var client = new HttpClient(_host.Server.CreateHandler(context => context.Connection.ClientCertificate = certificate))
        {
            BaseAddress = _host.Server.BaseAddress,
        };
        return await KciTestHost.PostAsync(client, TestKcis.Order().ToJsonString(), authorization is null ? null : AuthenticationHeaderValue.Parse(authorization));
    }

    private static string Basic(string username, string password) => KciTestHost.Basic(username, password).ToString();

    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
