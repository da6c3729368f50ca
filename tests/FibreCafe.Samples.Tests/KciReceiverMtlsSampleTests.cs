using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FibreCafe.Samples.Tests;

/// <summary>
/// The receiver sample with <c>ASPNETCORE_ENVIRONMENT=Mtls</c> (appsettings.Mtls.json): https only, the gateway's client
/// certificate issued by a private CA the machine does not trust, required by Kestrel, chained to that CA only, and pinned.
/// </summary>
public sealed class KciReceiverMtlsSampleTests
{
    [Fact]
    public async Task The_mtls_configuration_takes_a_pinned_certificate_of_the_private_ca_and_refuses_the_others()
    {
        var folder = Directory.CreateTempSubdirectory("fibrecafe-receiver-mtls-");
        try
        {
            await RunAsync(folder);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(DirectoryInfo folder)
    {
        using var ca = Authority("CN=Fibre Cafe test gateway CA");
        using var rogueCa = Authority("CN=Someone else's CA");
        using var gateway = Issue(ca, "CN=fibre-gateway");
        using var unpinned = Issue(ca, "CN=another client of the same CA");
        using var rogue = Issue(rogueCa, "CN=pinned but not of the gateway's CA");
        using var server = ServerCertificate();
        var pfx = Path.Combine(folder.FullName, "kci-receiver.pfx");
        await File.WriteAllBytesAsync(pfx, server.Export(X509ContentType.Pfx, "pfx-password"));
        var caFile = Path.Combine(folder.FullName, "gateway-ca.crt");
        await File.WriteAllBytesAsync(caFile, ca.Export(X509ContentType.Cert));
        var port = SampleProcess.FreePort();

        using var receiver = SampleProcess.Start("FibreCafe.Samples.KciReceiver", [], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Mtls",
            ["Kestrel__Endpoints__Https__Url"] = $"https://127.0.0.1:{port}",
            ["Kestrel__Endpoints__Https__Certificate__Path"] = pfx,
            ["Kestrel__Endpoints__Https__Certificate__Password"] = "pfx-password",
            ["Sample__Mtls__ClientCaPath"] = caFile,
            ["FibreCafe__Kci__Authentication__Certificate__Thumbprints__0"] = gateway.GetCertHashString(HashAlgorithmName.SHA256),
            ["FibreCafe__Kci__Authentication__Certificate__Thumbprints__1"] = rogue.GetCertHashString(HashAlgorithmName.SHA256),
            ["FibreCafe__Kci__Store__Path"] = Path.Combine(folder.FullName, "kci.db"),
        });
        using var asGateway = Client(server, gateway);
        await WaitUntilHealthyAsync(asGateway, port, receiver);

        using (var stored = await PostKciAsync(asGateway, port))
        {
            Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
        }

        using (var asUnpinned = Client(server, unpinned))
        using (var refused = await PostKciAsync(asUnpinned, port))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("NOT_AUTHORISED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Refused in the TLS handshake: pinned, but not issued by the gateway's CA; no certificate at all.
        using (var asRogue = Client(server, rogue))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => PostKciAsync(asRogue, port));
        }

        using (var anonymous = Client(server, clientCertificate: null))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => PostKciAsync(anonymous, port));
        }

        await receiver.WaitForStdoutAsync(l => l.Contains("\"ServiceOrderStatusChanged\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    private static async Task WaitUntilHealthyAsync(HttpClient client, int port, SampleProcess receiver)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(receiver.HasExited, $"the receiver exited: {receiver.StderrText}");
            try
            {
                using var health = await client.GetAsync(new Uri($"https://127.0.0.1:{port}/health"));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"the receiver did not answer on https: {receiver.StderrText}");
            await Task.Delay(100);
        }
    }

    private static Task<HttpResponseMessage> PostKciAsync(HttpClient client, int port)
    {
        var kci = "{\"id\":\"" + Guid.NewGuid().ToString("D") + "\",\"supplier\":\"FIBRECO\",\"sequenceNumber\":1,"
            + "\"deliveredOn\":\"2026-12-01T09:53:38.817Z\",\"updateType\":\"INFORMATIONAL\",\"entityType\":\"PROVIDE_ORDER\","
            + "\"information\":{\"type\":\"ACKNOWLEDGED\"},\"entity\":{\"id\":4242,\"orderType\":\"NEW\",\"status\":\"ACKNOWLEDGED\"}}";
        return client.PostAsync(new Uri($"https://127.0.0.1:{port}/kcis"), new StringContent(kci, Encoding.UTF8, "application/json"));
    }

    // Trusts exactly the receiver's self-signed certificate, and presents the given client certificate.
    private static HttpClient Client(X509Certificate2 server, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == server.GetCertHashString(),
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false)); // client auth
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        return certificate.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 ServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server auth
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));
    }
}
