using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Kci.Tests.Authentication;

public sealed class CertificateAuthenticationTests : IDisposable
{
    private readonly X509Certificate2 _gateway = Create("CN=fibre-cafe-gateway");
    private readonly X509Certificate2 _rotated = Create("CN=fibre-cafe-gateway-2");
    private readonly X509Certificate2 _stranger = Create("CN=stranger");

    public void Dispose()
    {
        _gateway.Dispose();
        _rotated.Dispose();
        _stranger.Dispose();
    }

    private static X509Certificate2 Create(string subject, int validFromDays = -1, int validToDays = 30)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(validFromDays), DateTimeOffset.UtcNow.AddDays(validToDays));
    }

    private static string Sha256Thumbprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private Task<KciTestHost> StartAsync(params string[] thumbprints) =>
        KciTestHost.StartAsync(s =>
        {
            s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Username");
            s.Remove("FibreCafe:Kci:Authentication:Basic:Credentials:0:Password");
            for (var i = 0; i < thumbprints.Length; i++)
            {
                s[$"FibreCafe:Kci:Authentication:Certificate:Thumbprints:{i}"] = thumbprints[i];
            }
        });

    private static async Task<HttpResponseMessage> PostWithAsync(KciTestHost host, X509Certificate2? certificate)
    {
        // TestServer has no TLS: the certificate is put on the connection as Kestrel would after the handshake.
        using var client = new HttpClient(host.Server.CreateHandler(context => context.Connection.ClientCertificate = certificate))
        {
            BaseAddress = host.Server.BaseAddress,
        };
        return await KciTestHost.PostAsync(client, TestKcis.Order().ToJsonString(), authorization: null);
    }

    [Fact]
    public async Task A_pinned_certificate_is_accepted_by_its_sha1_thumbprint()
    {
        await using var host = await StartAsync(_gateway.Thumbprint);

        using var response = await PostWithAsync(host, _gateway);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_pinned_certificate_is_accepted_by_its_sha256_thumbprint_written_with_colons()
    {
        await using var host = await StartAsync(Sha256Thumbprint(_gateway));

        using var response = await PostWithAsync(host, _gateway);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task No_certificate_gets_401()
    {
        await using var host = await StartAsync(_gateway.Thumbprint);

        using var response = await PostWithAsync(host, null);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
    }

    [Fact]
    public async Task A_certificate_that_is_not_pinned_gets_401()
    {
        await using var host = await StartAsync(_gateway.Thumbprint);

        using var response = await PostWithAsync(host, _stranger);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
    }

    [Fact]
    public async Task During_rotation_both_pinned_certificates_are_accepted()
    {
        await using var host = await StartAsync(_gateway.Thumbprint, _rotated.Thumbprint.ToLowerInvariant());

        using var old = await PostWithAsync(host, _gateway);
        using var rotated = await PostWithAsync(host, _rotated);
        using var stranger = await PostWithAsync(host, _stranger);

        Assert.Equal(HttpStatusCode.NoContent, old.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
    }

    [Fact]
    public async Task An_expired_pinned_certificate_gets_401()
    {
        using var expired = Create("CN=fibre-cafe-gateway-old", validFromDays: -60, validToDays: -1);
        await using var host = await StartAsync(expired.Thumbprint);

        using var response = await PostWithAsync(host, expired);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
